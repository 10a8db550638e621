// CLI: `node --import tsx test/emulator/main.ts --scenario FILE` prints {"url","caPath"} and serves until killed.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startEmulator, emptyScenario } from './server.js';
import type { Scenario } from './scenario.js';

const { values } = parseArgs({ options: { scenario: { type: 'string' } } });
const scenario: Scenario = values.scenario ? JSON.parse(await readFile(values.scenario, 'utf8')) : emptyScenario();
const emulator = await startEmulator(scenario);
process.stdout.write(JSON.stringify({ url: emulator.url, caPath: emulator.caPath }) + '\n');

const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
