// The CLI bundle's `snapshot` command as a pipeline runs it, against the emulator: a generated template naming the
// bench vaults, credentials from AZURE_*. Shared by section 1 (CLI rows) and section 3 (the peer comparison).
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Emulator } from '../../test/emulator/server.js';
import { generateTemplate } from './generate-template.js';
import { runTimed, type ChildRun } from './timing.js';
import { BENCH_APP, BENCH_RESOURCE_GROUP, BENCH_SUBSCRIPTION, BENCH_TENANT } from './vault-scenario.js';

/** Writes the template naming `vaults` bench vaults into workDir, untimed, and returns its path. */
export async function writeCliTemplate(workDir: string, vaults: number): Promise<string> {
  const template = join(resolve(workDir), `cli-snapshot-${vaults}.json`);
  await writeFile(template, generateTemplate(vaults).text);
  return template;
}

export interface CliSnapshotOptions {
  bundle: string;
  /** From writeCliTemplate. */
  template: string;
  /** Where the snapshot file goes. */
  out: string;
  workDir: string;
  /** Omitted: the CLI's own default. */
  concurrency?: number | 'auto';
}

export interface CliSnapshotRun extends ChildRun {
  /** Just before the spawn and just after the exit, epoch ms (the emulator's request times are epoch ms too). */
  startedAt: number;
  endedAt: number;
  error?: string;
}

export async function runCliSnapshot(emulator: Emulator, options: CliSnapshotOptions): Promise<CliSnapshotRun> {
  const args = [
    options.bundle, 'snapshot', '--template', options.template, '--subscription', BENCH_SUBSCRIPTION, '--resource-group', BENCH_RESOURCE_GROUP,
    '--environment', 'custom', '--arm-endpoint', emulator.url, '--authority-host', emulator.url, '--snapshot-out', options.out,
    ...(options.concurrency === undefined ? [] : ['--concurrency', String(options.concurrency)]),
  ];
  const env = { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emulator.caPath, AZURE_TENANT_ID: BENCH_TENANT, AZURE_CLIENT_ID: BENCH_APP.clientId, AZURE_CLIENT_SECRET: BENCH_APP.secret };
  const startedAt = Date.now();
  const run = await runTimed(process.execPath, args, { cwd: resolve(options.workDir), env });
  const endedAt = Date.now();
  return { ...run, startedAt, endedAt, ...(run.code === 0 ? {} : { error: `exit ${run.code}: ${run.stderr.trim().split('\n').at(-1) ?? ''}` }) };
}
