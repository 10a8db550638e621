// Section 3: the Azure CLI as the peer (one `az keyvault show` per vault vs one `snapshot`).
// Only the skip path exists: az was not installed where this bench was written, and the bench never installs it.
import { spawnSync } from 'node:child_process';
import type { BenchRow } from './results-table.js';

export function azOnPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v az'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

export function benchPeerAz(): BenchRow {
  const az = azOnPath();
  const row: BenchRow = {
    section: '3 peer (az)',
    case: '`az keyvault show` per vault vs `snapshot`',
    measured: '—',
    floor: '—',
    ratio: '—',
    goal: 'informational',
    verdict: 'SKIPPED',
    details: 'skipped: az not installed (apt-get install azure-cli)',
  };
  if (az) {
    row.details = `skipped: az found at ${az}, but driving it against the emulator (cloud registration, login discovery proxy) is not implemented yet`;
  }
  return row;
}
