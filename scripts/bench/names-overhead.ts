// `npx tsx scripts/bench/names-overhead.ts`: the committed CLI on a 1000-entry vault against the emulator, with Graph
// answering (900 names, 100 deleted) or refusing, names on and off: median of 3 runs and getByIds per run.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { startEmulator } from '../../test/emulator/server.js';
import { liveVault, secretApp, deployerGrant } from '../../test/emulator/scenario-builders.js';
import { vaultTemplate } from '../../test/integration/vault-template.js';
const T = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', S = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const app = { clientId: '6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b9c', objectId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', secret: 's' };
const ids = Array.from({ length: 1000 }, (_, i) => `82000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
const CLI = resolvePath('dist/cli/index.js');
const e = await startEmulator();
const dir = mkdtempSync(join(tmpdir(), 'h16m-'));
writeFileSync(join(dir, 't.json'), vaultTemplate([{ name: 'kv-a' }]));
for (const access of ['full', 'denied'] as const) for (const names of ['true', 'false']) {
  e.setScenario({ armAudience: `${e.url}/`, tenants: [{ id: T, apps: [secretApp(app)], directory: ids.slice(0, 900).map((id, i) => ({ id, kind: 'user' as const, displayName: `User ${i}` })) }],
    subscriptions: [{ id: S, tenantId: T, vaults: [liveVault('rg', 'kv-a', T, ids.map((objectId) => ({ objectId, secrets: ['get'] })))] }], permissions: [deployerGrant(app.objectId, S)], graph: { access } });
  const before = e.requests.length;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await new Promise((resolve) => spawn(process.execPath, [CLI, 'check', '--template', 't.json', '--subscription', S, '--resource-group', 'rg', '--environment', 'custom', '--arm-endpoint', e.url, '--authority-host', e.url, '--graph-endpoint', e.url, '--resolve-names', names],
      { cwd: dir, env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: e.caPath, AZURE_TENANT_ID: T, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: 's' }, stdio: 'ignore' }).on('close', resolve));
    times.push(performance.now() - t0);
  }
  const graph = e.requests.slice(before).filter((r) => r.path === '/v1.0/directoryObjects/getByIds').length;
  console.log(`graph ${access}, resolve-names ${names}: median ${times.sort((a, b) => a - b)[1]!.toFixed(0)} ms, ${graph / 3} getByIds per run`);
}
await e.close();
