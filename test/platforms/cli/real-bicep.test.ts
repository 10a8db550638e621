// Real Bicep samples (test/fixtures/bicep), compiled by a real Bicep CLI when one is on PATH; pending otherwise
// (Debian has no package: the README's "Bicep in CI" shows how a CI job adds it).
import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { runCli } from './run-cli.js';

async function onPath(name: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

const SUB = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-bicep/providers/Microsoft.KeyVault/vaults/${name}`;

describe('real Bicep samples through the CLI bundle', () => {
  before(async function () {
    if (!(await onPath('bicep')) && !(await onPath('az'))) this.skip();
  });

  it("plans main.bicep with main.bicepparam: the vault module's name is the naming module's output", async () => {
    const run = await runCli(['plan', '--template', 'test/fixtures/bicep/main.bicep', '--parameters', 'test/fixtures/bicep/main.bicepparam', '--subscription', SUB, '--resource-group', 'rg-bicep', '--location', 'westeurope', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const vaults = JSON.parse(run.stdout).vaults as { id: string; resolved: boolean }[];
    assert.deepEqual(vaults.map((v) => [v.id, v.resolved]), [[vaultId('kv-pay-prod'), true]]);
  });

  it('plans the custom-name branch of the conditional module parameter', async () => {
    const run = await runCli(['plan', '--template', 'test/fixtures/bicep/main.bicep', '--parameter', 'workload=x', '--parameter', 'useCustomName=true', '--subscription', SUB, '--resource-group', 'rg-bicep', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).vaults[0].id, vaultId('kv-custom'));
  });
});
