// The committed bundles, built once per test process, and the spawners other suites already provide.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export { runCli, type CliRun } from '../platforms/cli/run-cli.js';
export { runBundle, type Spawned } from '../platforms/host-world.js';
export { mapLimited as inParallel } from '../../src/azure/bounded-concurrency.js';

export const GITHUB_BUNDLE = resolve('dist/github/index.js');
export const AZDO_BUNDLE = resolve('dist/azdo/index.js');

let building: Promise<void> | undefined;

/** Builds dist/ once per test process (skip with KVPG_SKIP_BUILD=1 when dist is known fresh). */
export function ensureBundles(): Promise<void> {
  if (process.env.KVPG_SKIP_BUILD) return Promise.resolve();
  building ??= promisify(execFile)(process.execPath, ['scripts/build.mjs']).then(() => undefined);
  return building;
}
