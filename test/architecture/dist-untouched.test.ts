// Tests run the committed bundles; none may rebuild dist/ in place, or a stale dist/ would pass for a fresh one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Path → size, inode and modification time of every file under dist/: any rewrite, even of the same bytes, shows. */
function distState(): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync('dist', { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, ino, mtimeMs } = statSync(path);
    out.set(relative('dist', path), `${size}:${ino}:${mtimeMs}`);
  }
  return out;
}

// Root-level hooks: taken before the first test of the whole run and compared after the last.
let before_: Map<string, string> | undefined;
before(() => void (before_ = distState()));
after(() => {
  const now = distState();
  const changed = [...new Set([...before_!.keys(), ...now.keys()])].filter((p) => before_!.get(p) !== now.get(p));
  assert.deepEqual(changed, [], 'a test rewrote dist/ in place: build into a temp directory (KVPG_DIST_DIR) instead');
});

/** Test sources and the scripts they run. */
function sources(): [string, string][] {
  const files = readdirSync('test', { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
  return [...files, 'scripts/package-azdo.mjs'].map((f) => [f, readFileSync(f, 'utf8')]);
}

describe('tests and dist/', () => {
  it('never run the build into dist/: every call of scripts/build.mjs in a test names a KVPG_DIST_DIR elsewhere', () => {
    const offenders: string[] = [];
    for (const [file, text] of sources()) {
      if (file === 'test/architecture/dist-untouched.test.ts') continue;
      text.split('\n').forEach((line, i) => {
        const builds = /scripts\/build\.mjs|npm(\.cmd)?['"]?\s*,\s*\[\s*['"]run['"]\s*,\s*['"]build|npm run build['"`]\s*[,)]/.test(line) && !/^\s*(\/\/|\*)/.test(line) && !/`npm run build`/.test(line);
        if (builds && !line.includes('KVPG_DIST_DIR')) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });

  it('build with esbuild only into temp directories', () => {
    const offenders = sources().flatMap(([file, text]) => (/\b(outdir|outfile)\s*:\s*['"`]?dist\b/.test(text) ? [file] : []));
    assert.deepEqual(offenders, []);
  });
});
