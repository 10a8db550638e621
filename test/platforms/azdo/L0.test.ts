// L0 suite in the Azure Pipelines tasks' usual style: MockTestRunner runs each mock script; the emulator lives in its own process.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test.js';
import { makeWorkspace } from '../host-world.js';
import { withEnv } from '../../support/with-env.js';
import { agentEnv, type Scheme } from './agent-env.js';

const TASK_JSON = resolve('task.json');
const script = (name: string) => resolve('test/platforms/azdo/L0', name);

describe('KeyVaultPolicyGuard L0 suite', function () {
  this.timeout(120_000);
  let emulator: ChildProcess;
  let url = '';
  let caPath = '';
  let workspace = '';

  before(async () => {
    emulator = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/azdo-api-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((ok, fail) => {
      createInterface({ input: emulator.stdout! }).once('line', ok);
      emulator.once('exit', (code) => fail(new Error(`emulator exited with ${code}`)));
    });
    ({ url, caPath } = JSON.parse(first) as { url: string; caPath: string });
  });
  after(() => {
    emulator.kill('SIGTERM');
  });
  beforeEach(async () => {
    workspace = await makeWorkspace();
  });
  afterEach(() => rm(workspace, { recursive: true, force: true }));

  /** Runs one mock script with the agent environment for `scheme` (MockTestRunner passes process.env on). */
  async function runL0(name: string, scheme: Scheme): Promise<MockTestRunner> {
    const env = { ...agentEnv({ emulatorUrl: url, caPath, workspace, scheme, inputs: {}, pullRequest: false }), KVPG_L0_WORKSPACE: workspace };
    return withEnv(env, async () => {
      const tr = new MockTestRunner(script(name), TASK_JSON);
      tr.nodePath = process.execPath; // set before running, or MockTestRunner downloads a Node for the handler
      await tr.runAsync();
      return tr;
    });
  }

  it('succeeds in plan mode without calling Azure', async () => {
    const tr = await runL0('plan-offline.cjs', 'ServicePrincipal');
    assert.ok(tr.succeeded, tr.stdout);
    assert.ok(tr.stdOutContained('Mode plan: 1 vault(s)'), tr.stdout);
    assert.ok(!tr.stdOutContained('Signing in'), 'plan must not sign in');
  });

  it('fails the gate in check mode, logs the issue at the template line and counts only findings at failOn', async () => {
    // A warning below failOn 'error' must not be counted as failing the gate.
    await writeFile(join(workspace, 'kvpg.yml'), 'rules:\n  rbac-recommended: warning\n');
    const tr = await runL0('check-gate.cjs', 'ServicePrincipal');
    assert.ok(tr.stdOutContained('type=warning'), tr.stdout);
    assert.ok(tr.failed, tr.stdout);
    assert.ok(tr.stdOutContained('sourcepath=azuredeploy.json;linenumber=6;columnnumber=5;'), tr.stdout);
    assert.ok(tr.stdOutContained("finding(s) at or above failOn 'error'"), tr.stdout);
    // The failure counts what the gate counts: the same number as the `violations` output, not every warning too.
    const stated = /(\d+) finding\(s\) at or above failOn 'error'/.exec(tr.stdout)?.[1];
    const violations = /##vso\[task\.setvariable variable=violations;[^\]]*\](\d+)/.exec(tr.stdout)?.[1];
    assert.ok(violations !== undefined, tr.stdout);
    assert.equal(stated, violations);
  });

  it('injects through workload identity federation into outputDir and sets the templates output variable', async () => {
    await mkdir(join(workspace, 'out'));
    const tr = await runL0('inject.cjs', 'WorkloadIdentityFederation');
    assert.ok(tr.succeeded, tr.stdout);
    assert.ok(tr.stdOutContained('##vso[task.setvariable variable=templates;isOutput=true;issecret=false;]["out/azuredeploy.json"]'), tr.stdout);
    assert.match(await readFile(join(workspace, 'out', 'azuredeploy.json'), 'utf8'), /c0000000-0000-4000-8000-00000000000b/);
  });

  it('fails with the fix when no file matches the template input', async () => {
    const tr = await runL0('missing-template.cjs', 'ManagedServiceIdentity');
    assert.ok(tr.failed, tr.stdout);
    assert.ok(tr.stdOutContained('does-not-exist/*.json'), tr.stdout);
  });
});
