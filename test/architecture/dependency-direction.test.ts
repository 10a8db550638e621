import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

async function sources(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const rules: { folder: string; forbidden: RegExp; why: string }[] = [
  { folder: 'src/core', forbidden: /^(node:)?(fs|child_process|net|http|https|os)(\/|$)|^@azure\/|^@actions\/|^azure-pipelines-task-lib|\/platforms\/|\/azure\//, why: 'the core is pure: no I/O, no SDK, no platform, no adapter' },
  { folder: 'src/azure', forbidden: /^@actions\/|^azure-pipelines-task-lib|\/platforms\//, why: 'the Azure adapter knows no host' },
  { folder: 'src/platforms/github', forbidden: /^azure-pipelines-task-lib|\/platforms\/azdo\//, why: 'task-lib empties INPUT_* on import' },
  { folder: 'src/platforms/azdo', forbidden: /^@actions\/|\/platforms\/github\//, why: 'the ADO bundle must not carry @actions/*' },
  { folder: 'src/platforms/shared', forbidden: /^@actions\/|^azure-pipelines-task-lib|\/platforms\/(github|azdo|cli)\//, why: 'all three bundles load it' },
  { folder: 'src/platforms/cli', forbidden: /^@actions\/|^azure-pipelines-task-lib|\/platforms\/(github|azdo)\//, why: 'the CLI is host-neutral' },
];

describe('dependencies point inward', () => {
  for (const rule of rules) {
    it(`${rule.folder} imports nothing it must not (${rule.why})`, async () => {
      const offending: string[] = [];
      for (const file of await sources(rule.folder)) {
        for (const spec of imports(file.text)) if (rule.forbidden.test(spec)) offending.push(`${file.path} imports ${spec}`);
      }
      assert.deepEqual(offending, []);
    });
  }

  it('only src/azure imports @azure/* packages', async () => {
    const offending: string[] = [];
    for (const file of await sources('src')) {
      if (file.path.startsWith(join('src', 'azure'))) continue;
      for (const spec of imports(file.text)) if (spec.startsWith('@azure/')) offending.push(`${file.path} imports ${spec}`);
    }
    assert.deepEqual(offending, []);
  });

  it('the core reads no environment variables', async () => {
    const offending = (await sources('src/core')).filter((f) => /process\.env/.test(f.text)).map((f) => f.path);
    assert.deepEqual(offending, []);
  });
});
