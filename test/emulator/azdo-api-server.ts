// `node --import tsx test/emulator/azdo-api-server.ts`: the emulator with the CI-host world and the ADO REST fake, in its own
// process (MockTestRunner.runAsync uses spawnSync and would starve an in-process server). Prints {"url","caPath"}.
import { hostScenario } from '../platforms/host-world.js';
import { createAzdoApiFake } from './azdo-api.js';
import { sendJson, startEmulator } from './server.js';
import { SYSTEM_ACCESS_TOKEN } from '../platforms/host-world.js';

const emulator = await startEmulator();
emulator.setScenario({ ...hostScenario(`${emulator.url}/`), identityHeader: 'identity-header-secret' });
const azdo = createAzdoApiFake({ accessToken: SYSTEM_ACCESS_TOKEN });
emulator.addHandler(azdo.handler);
// Lets the test process read what the task wrote.
emulator.addHandler((req, res, url) => url.pathname === '/_azdo/_fake/state' && sendJson(res, 200, { threads: azdo.threads, writes: azdo.writes }));
process.stdout.write(JSON.stringify({ url: emulator.url, caPath: emulator.caPath }) + '\n');

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
