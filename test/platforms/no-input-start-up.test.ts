import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundle } from './run-bundle.js';

/** Node built-ins that only the engine, the Azure SDKs, an HTTP client or task-lib's tool runner load. */
const LATER_BUILTINS = ['http', 'https', 'http2', 'tls', 'zlib', 'child_process'];

const BUNDLES = [
  { name: 'GitHub Action', bundle: resolve('dist/github/index.js'), failure: /^::error::KVPG-USAGE-TEMPLATE/m },
  { name: 'Azure DevOps task', bundle: resolve('dist/azdo/index.js'), failure: /^##vso\[task\.complete result=Failed;\]KVPG-INPUT-REQUIRED/m },
];

async function loadedBuiltins(path: string): Promise<string[]> {
  return (JSON.parse(await readFile(path, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
}

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
      const loaded = await loadedBuiltins(loadedPath);
      assert.deepEqual(LATER_BUILTINS.filter((m) => loaded.includes(m)), []);
    });
  }

  // (stdout to a pipe is a net.Socket, so net itself loads.) Start-up is most of a small inject's time: the bicep compiler's child_process, guid()'s crypto and fast-glob (with
  // the stream modules it needs) load only when a .bicep file, a guid() call or a glob pattern asks for them.
  it('injects from a snapshot file through the CLI bundle without loading child_process, crypto or an HTTP stack', async () => {
    for (const file of ['azuredeploy.json', 'azuredeploy.parameters.json', 'snapshot.json']) await copyFile(resolve('examples', file), join(dir, file));
    const loadedPath = join(dir, 'cli.json');
    const run = await runBundle(resolve('dist/cli/index.js'), {
      cwd: dir,
      args: ['inject', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', '--snapshot-in', 'snapshot.json', '--subscription', '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20', '--resource-group', 'rg-contoso-prod', '--output-dir', 'out'],
      env: { NODE_OPTIONS: `--require ${join(dir, 'record.cjs')}`, KVPG_LOADED: loadedPath },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(await readFile(join(dir, 'out', 'azuredeploy.json'), 'utf8'), /"accessPolicies"/);
    const loaded = await loadedBuiltins(loadedPath);
    assert.deepEqual([...LATER_BUILTINS, 'crypto', 'dgram'].filter((m) => loaded.includes(m)), []);
  });
});
