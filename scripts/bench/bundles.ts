// Fresh bundles of the current sources for the bench, built by the project's own build script into a scratch
// folder (the committed dist/ is left alone), laid out like the shipped task so the ADO bundle finds task.json.
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { runTimed } from './timing.js';

export type BundleName = 'cli' | 'github' | 'azdo';

export interface Bundles {
  dir: string;
  paths: Partial<Record<BundleName, string>>;
  /** Why a bundle is missing (build failure), per bundle. */
  problems: Partial<Record<BundleName, string>>;
}

const ENTRY: Record<BundleName, string> = { cli: 'cli/index.js', github: 'github/index.js', azdo: 'azdo/index.js' };
/** Below this a bundle folder is a placeholder (the skeleton's dist/ held stubs); split bundles count their chunks. */
const MIN_BUNDLE_BYTES = 10_000;

async function bundleBytes(entry: string): Promise<number> {
  const entrySize = await stat(entry).then((s) => s.size, () => 0);
  const chunks = join(dirname(entry), 'chunks');
  const names = await readdir(chunks).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map((n) => stat(join(chunks, n)).then((s) => s.size)));
  return entrySize + sizes.reduce((a, b) => a + b, 0);
}

/** `existing`: measure that dist folder as it is instead of building. */
export async function prepareBundles(workDir: string, existing?: string): Promise<Bundles> {
  let dir: string;
  let buildError = '';
  if (existing) {
    dir = resolve(existing);
  } else {
    const root = join(workDir, 'package');
    dir = join(root, 'dist');
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const build = await runTimed(process.execPath, ['scripts/build.mjs'], { env: { ...process.env, KVPG_DIST_DIR: dir } });
    if (build.code !== 0) buildError = firstErrorLine(build.stderr) || `build exited ${build.code}`;
    // dist/azdo/index.js reads ../../task.json, as in the packaged task.
    await copyFile('task.json', join(root, 'task.json')).catch(() => undefined);
  }
  const bundles: Bundles = { dir, paths: {}, problems: {} };
  for (const name of Object.keys(ENTRY) as BundleName[]) {
    const path = join(dir, ENTRY[name]);
    const size = await bundleBytes(path);
    if (size >= MIN_BUNDLE_BYTES) bundles.paths[name] = path;
    else bundles.problems[name] = size ? `${path} is a ${size}-byte placeholder, not a bundle` : `not built${buildError ? `: ${buildError}` : ''}`;
  }
  return bundles;
}

function firstErrorLine(stderr: string): string {
  return stderr.split('\n').find((l) => /ERROR|Error:/.test(l))?.trim() ?? '';
}
