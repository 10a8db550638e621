import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

async function sources(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
}

/** What `file` imports: packages as written, relative imports as repository paths (src/platforms/azdo/main.js). */
function imports(file: { path: string; text: string }): string[] {
  return [...file.text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2]!)
    .map((spec) => (spec.startsWith('.') ? relative('.', resolve(dirname(file.path), spec)).split('\\').join('/') : spec));
}

const rules: { folder: string; forbidden: RegExp; why: string }[] = [
  { folder: 'src/core', forbidden: /^(node:)?(fs|child_process|net|http|https|os)(\/|$)|^@azure\/|^@actions\/|^azure-pipelines-task-lib|^src\/platforms\/|^src\/azure\//, why: 'the core is pure: no I/O, no SDK, no platform, no adapter' },
  { folder: 'src/azure', forbidden: /^@actions\/|^azure-pipelines-task-lib|^src\/platforms\//, why: 'the Azure adapter knows no host' },
  { folder: 'src/platforms/github', forbidden: /^azure-pipelines-task-lib|^src\/platforms\/(azdo|cli)\//, why: 'task-lib empties INPUT_* on import' },
  { folder: 'src/platforms/azdo', forbidden: /^@actions\/|^src\/platforms\/(github|cli)\//, why: 'the ADO bundle must not carry @actions/*' },
  { folder: 'src/platforms/shared', forbidden: /^@actions\/|^azure-pipelines-task-lib|^src\/platforms\/(github|azdo|cli)\//, why: 'all three bundles load it' },
  { folder: 'src/platforms/cli', forbidden: /^@actions\/|^azure-pipelines-task-lib|^src\/platforms\/(github|azdo)\//, why: 'the CLI is host-neutral' },
];

describe('dependencies point inward', () => {
  for (const rule of rules) {
    it(`${rule.folder} imports nothing it must not (${rule.why})`, async () => {
      const offending: string[] = [];
      for (const file of await sources(rule.folder)) {
        for (const spec of imports(file)) if (rule.forbidden.test(spec)) offending.push(`${file.path} imports ${spec}`);
      }
      assert.deepEqual(offending, []);
    });
  }

  it('sees a host reaching into another host through a short relative path', () => {
    const github = rules.find((r) => r.folder === 'src/platforms/github')!;
    const specs = imports({ path: 'src/platforms/github/main.ts', text: "import { run } from '../azdo/main.js';" });
    assert.deepEqual(specs, ['src/platforms/azdo/main.js']);
    assert.ok(github.forbidden.test(specs[0]!));
  });

  it('only src/azure imports @azure/* packages', async () => {
    const offending: string[] = [];
    for (const file of await sources('src')) {
      if (file.path.startsWith(join('src', 'azure'))) continue;
      for (const spec of imports(file)) if (spec.startsWith('@azure/')) offending.push(`${file.path} imports ${spec}`);
    }
    assert.deepEqual(offending, []);
  });

  it('the core reads no environment variables', async () => {
    const offending = (await sources('src/core')).filter((f) => /process\.env/.test(f.text)).map((f) => f.path);
    assert.deepEqual(offending, []);
  });
});
