// The committed bundles, run as committed, and the spawners other suites already provide.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export { runCli, type CliRun } from '../platforms/cli/run-cli.js';
export { runBundle, type Spawned } from '../platforms/host-world.js';
export { mapLimited as inParallel } from '../../src/azure/bounded-concurrency.js';

export const GITHUB_BUNDLE = resolve('dist/github/index.js');
export const AZDO_BUNDLE = resolve('dist/azdo/index.js');
const CLI_BUNDLE = resolve('dist/cli/index.js');

/**
 * Tests run the committed bundles as they are; none rebuilds dist/ in place (test/architecture/dist-untouched.test.ts).
 * Whether they are current is the freshness test's question alone: it builds into a temp directory and compares.
 */
export async function ensureBundles(): Promise<void> {
  const missing = [GITHUB_BUNDLE, AZDO_BUNDLE, CLI_BUNDLE].filter((bundle) => !existsSync(bundle));
  if (missing.length) throw new Error(`the committed bundles are missing (${missing.join(', ')}): run \`npm run build\` and commit dist/`);
}
