// The local HTTPS Azure emulator as the CLI bundle sees it: a custom cloud, AZURE_* sign-in variables,
// the bearer tokens it was sent (to prove they never leak) and the vault reads it served.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type RequestRecord } from '../emulator/server.js';
import type { AppSpec, Scenario, TenantSpec } from '../emulator/scenario.js';
import { runCli, type CliRun } from '../platforms/cli/run-cli.js';

export interface EmulatorHarness {
  emulator: Emulator;
  /** Every distinct bearer token ARM requests carried, and every client secret or assertion Entra was sent. */
  secretsSeen: Set<string>;
  /** Replaces the scenario (faults restart) with ARM expecting this custom cloud's audience. */
  use(scenario: Scenario): void;
  /** `--environment custom` pointing ARM and Entra ID at the emulator. */
  cloudArgs(): string[];
  /** The CLI child's environment: trust the emulator's certificate, plus the given variables only. */
  env(vars?: Record<string, string>): Record<string, string>;
  /** Requests recorded since the last `use`. */
  requests(): RequestRecord[];
  /** GETs of single vaults since the last `use`. */
  vaultGets(): RequestRecord[];
  close(): Promise<void>;
}

export async function startHarness(scenario: Scenario): Promise<EmulatorHarness> {
  const emulator = await startEmulator(scenario);
  const secretsSeen = new Set<string>();
  let since = 0;
  emulator.addHandler((req) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) secretsSeen.add(bearer);
    if (req.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(req.url ?? '')) {
      const form = new URLSearchParams(req.body);
      for (const key of ['client_secret', 'client_assertion']) {
        const value = form.get(key);
        if (value) secretsSeen.add(value);
      }
    }
    return false;
  });
  const harness: EmulatorHarness = {
    emulator,
    secretsSeen,
    use(next) {
      emulator.setScenario({ ...next, armAudience: `${emulator.url}/` });
      since = emulator.requests.length;
    },
    cloudArgs: () => ['--environment', 'custom', '--arm-endpoint', emulator.url, '--authority-host', emulator.url],
    env: (vars = {}) => ({ NODE_EXTRA_CA_CERTS: emulator.caPath, ...vars }),
    requests: () => emulator.requests.slice(since),
    vaultGets: () => harness.requests().filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+$/i.test(r.path)),
    close: () => emulator.close(),
  };
  harness.use(scenario);
  return harness;
}

export interface World {
  harness: EmulatorHarness;
  /** A temp folder for the templates and outputs, removed afterwards. */
  dir: string;
}

/** Registers mocha hooks for the enclosing describe: an emulator serving `scenario()` and a temp folder. */
export function useEmulator(scenario: () => Scenario, prefix: string): World {
  const world = {} as World;
  before(async () => {
    world.harness = await startHarness(scenario());
    world.dir = await tempDir(prefix);
  });
  after(async () => {
    await world.harness?.close();
    if (world.dir) await rm(world.dir, { recursive: true, force: true });
  });
  return world;
}

/** AZURE_* variables for an app's client secret (the first one unless given). */
export function secretEnv(tenant: TenantSpec, app: AppSpec, secret = app.secrets?.[0]?.value ?? ''): Record<string, string> {
  return { AZURE_TENANT_ID: tenant.id, AZURE_CLIENT_ID: app.clientId, AZURE_CLIENT_SECRET: secret };
}

/** A fresh temp folder for one test's templates and outputs. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kvpg-it-${prefix}-`));
}

export interface CliCall {
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** Runs the CLI; on an unexpected exit code the assertion message carries both streams. */
export async function cli(call: CliCall): Promise<CliRun & { explain: string }> {
  const run = await runCli(call.args, { cwd: call.cwd, env: call.env });
  return { ...run, explain: `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}` };
}
