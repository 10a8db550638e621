// `npm run demo`: the real CLI bundle, end to end, on examples/ against the local HTTPS Azure emulator.
// plan → snapshot → inject; the templates in examples/ are never modified (output goes to a temp folder).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../test/emulator/server.js';
import type { Scenario } from '../test/emulator/scenario.js';

const scenario: Scenario = JSON.parse(await readFile('examples/emulator-scenario.json', 'utf8'));
const emulator = await startEmulator(scenario);
// A custom cloud's ARM audience is its endpoint: tell the emulator to expect that.
emulator.setScenario({ ...scenario, armAudience: `${emulator.url}/` });

const [tenant] = scenario.tenants;
const [app] = tenant.apps;
const subscription = scenario.subscriptions[0];
const out = await mkdtemp(join(tmpdir(), 'kvpg-demo-'));
const env = {
  PATH: process.env.PATH ?? '',
  NODE_EXTRA_CA_CERTS: emulator.caPath,
  AZURE_TENANT_ID: tenant.id,
  AZURE_CLIENT_ID: app.clientId,
  AZURE_CLIENT_SECRET: app.secrets![0].value,
};
const common = [
  '--template', 'examples/azuredeploy.json',
  '--parameters', 'examples/azuredeploy.parameters.json',
  '--subscription', subscription.id,
  '--resource-group', subscription.vaults[0].resourceGroup,
  '--environment', 'custom', '--arm-endpoint', emulator.url, '--authority-host', emulator.url,
  // The emulator is this custom cloud's Microsoft Graph too: principal names and orphaned grants.
  '--graph-endpoint', emulator.url,
];

function cli(title: string, args: string[]): Promise<number> {
  process.stdout.write(`\n$ keyvault-policy-guard ${args.map((a) => (a === emulator.url ? '<emulator>' : a)).join(' ')}\n# ${title}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/index.js', ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

let code = 0;
try {
  code ||= await cli('which vaults do the templates deploy?', ['plan', ...common]);
  code ||= await cli('read their live access policies (saved as an artifact)', ['snapshot', ...common, '--snapshot-out', join(out, 'snapshot.json')]);
  code ||= await cli('merge them into the template before the deploy step', ['inject', ...common, '--config', 'examples/keyvault-policy-guard.yml', '--output-dir', out]);
  const gets = emulator.requests.filter((r) => r.method === 'GET' && /\/vaults\/[^/]+$/i.test(r.path)).length;
  const graph = emulator.requests.filter((r) => r.path === '/v1.0/directoryObjects/getByIds').length;
  process.stdout.write(`\nemulator: ${emulator.requests.length} requests, ${gets} vault GETs, ${graph} Graph getByIds; outputs in ${out}\n`);
} finally {
  await emulator.close();
}
process.exitCode = code;
