// The Azure CLI signed in to the emulator as a pipeline would be: a registered custom cloud, a service-principal
// login, its own config folder, and a proxy that answers MSAL's instance discovery so nothing leaves 127.0.0.1.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../../test/emulator/server.js';
import { startDiscoveryProxy, type DiscoveryProxy } from './discovery-proxy.js';
import { runTimed, type ChildRun } from './timing.js';

export interface AzIdentity {
  tenantId: string;
  clientId: string;
  secret: string;
}

export interface AzSession {
  /** Wall time of `az login` (cloud registration excluded). */
  loginMs: number;
  /** Runs `az ARGS -o json` in the session's environment. */
  az(args: readonly string[]): Promise<ChildRun>;
  proxy: DiscoveryProxy;
  close(): Promise<void>;
}

const CLOUD = 'kvpgbench';

/** The cloud as `az cloud register --cloud-config` reads it; az refuses to run Key Vault commands without keyvaultDns. */
function cloudConfig(emulatorUrl: string) {
  return {
    endpoints: {
      resourceManager: `${emulatorUrl}/`,
      activeDirectory: emulatorUrl,
      // az asks for tokens with scope `${activeDirectoryResourceId}.default`: the emulator's ARM audience.
      activeDirectoryResourceId: `${emulatorUrl}/`,
      // Required by `az cloud register`; otherwise it fetches {arm}/metadata/endpoints, which the emulator lacks.
      activeDirectoryGraphResourceId: `${emulatorUrl}/`,
    },
    suffixes: { keyvaultDns: '.vault.azure.net' },
  };
}

/** Throws with az's last stderr line when registration or login fails. */
export async function startAzSession(options: { az: string; emulator: Emulator; identity: AzIdentity }): Promise<AzSession> {
  const { emulator, identity } = options;
  const dir = await mkdtemp(join(tmpdir(), 'kvpg-bench-az-'));
  const proxy = await startDiscoveryProxy(emulator.url);
  const caBundle = join(dir, 'ca-bundle.pem');
  await writeFile(caBundle, `${emulator.ca.trim()}\n${proxy.cert.trim()}\n`);
  await writeFile(join(dir, 'cloud.json'), JSON.stringify(cloudConfig(emulator.url)));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AZURE_CONFIG_DIR: join(dir, 'config'),
    // Every host but the emulator goes through the proxy, which answers only login.microsoftonline.com.
    HTTPS_PROXY: proxy.url,
    HTTP_PROXY: proxy.url,
    NO_PROXY: '127.0.0.1,localhost',
    REQUESTS_CA_BUNDLE: caBundle,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    AZURE_CORE_NO_COLOR: 'true',
  };
  const az = (args: readonly string[]) => runTimed(options.az, [...args, '-o', 'json'], { cwd: dir, env, timeoutMs: 60_000 });
  const close = async () => {
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    mustSucceed('az cloud register', await az(['cloud', 'register', '-n', CLOUD, '--cloud-config', `@${join(dir, 'cloud.json')}`]));
    mustSucceed('az cloud set', await az(['cloud', 'set', '-n', CLOUD]));
    const login = await az(['login', '--service-principal', '-u', identity.clientId, '-p', identity.secret, '--tenant', identity.tenantId]);
    mustSucceed('az login', login);
    return { loginMs: login.ms, az, proxy, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function mustSucceed(what: string, run: ChildRun): void {
  if (run.code === 0) return;
  const last = run.stderr.trim().split('\n').filter((l) => l.trim()).at(-1) ?? '';
  throw new Error(`${what} exited ${run.code}: ${last}`);
}
