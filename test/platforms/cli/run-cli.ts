// Spawns the committed CLI bundle the way a user's shell does.
import { resolve } from 'node:path';
import { runBundle } from '../run-bundle.js';

export const CLI = resolve('dist/cli/index.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const run = await runBundle(CLI, { args, ...options });
  return { ...run, code: run.code ?? -1 };
}

/**
 * The CLI from source, in this process (`main()` with captured streams): for argument handling and runs that need no
 * bundle. Errors thrown after the dynamic import of execute.js may miss `instanceof GuardError` under the test loader.
 */
export async function runMain(argv: string[]): Promise<CliRun> {
  const { main } = await import('../../../src/platforms/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main({ argv, env: {}, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), version: 'test' });
  return { code, stdout, stderr };
}
