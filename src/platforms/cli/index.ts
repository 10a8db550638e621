// Entry of the CLI bundle (dist/cli/index.js).
import { main } from './main.js';

declare const KVPG_VERSION: string | undefined;
const version = typeof KVPG_VERSION === 'string' ? KVPG_VERSION : 'dev';

const code = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  version,
});
process.exitCode = code;
// Everything is written and awaited by now. Leaving by process.exit once both streams have flushed (each callback runs
// after the writes queued before it) skips tearing down a heap that held the templates: about 30 ms at 800 vaults.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
