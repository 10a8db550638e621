// Entry of the CLI bundle (dist/cli/index.js).
import { main } from './main.js';

declare const KVPG_VERSION: string | undefined;
const version = typeof KVPG_VERSION === 'string' ? KVPG_VERSION : 'dev';

process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  version,
});
