import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundle } from './run-bundle.js';

/** Node built-ins that only the engine, the Azure SDKs, an HTTP client or task-lib's tool runner load. */
const LATER_BUILTINS = ['http', 'https', 'http2', 'tls', 'zlib', 'child_process'];

const BUNDLES = [
  { name: 'GitHub Action', bundle: resolve('dist/github/index.js'), failure: /^::error::KVPG-USAGE-TEMPLATE/m },
  { name: 'Azure DevOps task', bundle: resolve('dist/azdo/index.js'), failure: /^##vso\[task\.complete result=Failed;\]KVPG-INPUT-REQUIRED/m },
];

describe('a CI step without inputs', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kvpg-start-up-'));
    // Notes every module Node loaded, as the process exits.
    await writeFile(join(dir, 'record.cjs'), "process.on('exit', () => require('node:fs').writeFileSync(process.env.KVPG_LOADED, JSON.stringify(process.moduleLoadList)));\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const { name, bundle, failure } of BUNDLES) {
    it(`fails validation in the ${name} bundle before loading ${LATER_BUILTINS.join(', ')}`, async () => {
      const loadedPath = join(dir, `${name}.json`);
      const run = await runBundle(bundle, { cwd: dir, env: { NODE_OPTIONS: `--require ${join(dir, 'record.cjs')}`, KVPG_LOADED: loadedPath, RUNNER_TEMP: dir, AGENT_TEMPDIRECTORY: dir } });
      assert.match(run.stdout, failure);
      const loaded = (JSON.parse(await readFile(loadedPath, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
      assert.deepEqual(LATER_BUILTINS.filter((m) => loaded.includes(m)), []);
    });
  }
});
