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
