// Runs the Azure gateway in its own Node process (bundled by snapshot-bench.ts), as a pipeline step would: the
// emulator's CPU is not ours, and the emulator's CA comes from NODE_EXTRA_CA_CERTS like any private CA.
// argv: URL VAULTS CONCURRENCY [GROUPS [LIST_THRESHOLD]]. Prints one JSON line: when the reads started and ended (epoch ms) and any error.
import { createAzureGateway } from '../../src/azure/index.js';
import { BENCH_APP, BENCH_TENANT, benchVaultIds } from './vault-scenario.js';

export interface SnapshotChildResult {
  startedAt: number;
  endedAt: number;
  vaults: number;
  absent: number;
  error?: string;
}

const [url, vaultsArg, concurrencyArg, groupsArg, thresholdArg] = process.argv.slice(2);
const concurrency = concurrencyArg === 'auto' ? 'auto' : Number(concurrencyArg);
const gateway = createAzureGateway({
  credential: { kind: 'client-secret', tenantId: BENCH_TENANT, clientId: BENCH_APP.clientId, clientSecret: BENCH_APP.secret },
  cloud: { armEndpoint: url!, authorityHost: url!, name: 'custom' },
  concurrency,
  ...(thresholdArg ? { listThreshold: Number(thresholdArg) } : {}),
});
const ids = benchVaultIds(Number(vaultsArg), Number(groupsArg ?? 1));
const startedAt = Date.now();
let result: SnapshotChildResult;
try {
  const vaults = await gateway.readVaults(ids);
  result = { startedAt, endedAt: Date.now(), vaults: vaults.length, absent: vaults.filter((v) => !v.exists).length };
} catch (error) {
  result = { startedAt, endedAt: Date.now(), vaults: 0, absent: 0, error: (error as Error).message.split('\n')[0] };
}
process.stdout.write(JSON.stringify(result) + '\n');
