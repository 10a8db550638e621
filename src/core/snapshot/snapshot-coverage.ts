// A given snapshot must speak for every vault the templates deploy: absent is not "new" (only `"exists": false` is).
import { formatLocation, InputError } from '../errors.js';
import type { PlannedVault, SnapshotFile } from '../types.js';
import { snapshotLookup } from './vault-id.js';

/** Throws KVPG-SNAPSHOT-INCOMPLETE naming every resolved vault `snapshotFile` does not record, at the first one's line. */
export function assertSnapshotCovers(snapshotFile: string, snapshot: SnapshotFile, vaults: readonly PlannedVault[]): void {
  const find = snapshotLookup(snapshot);
  const seen = new Set<string>();
  const missing = vaults.filter((v) => {
    const key = v.id.toLowerCase();
    if (!v.resolved || seen.has(key) || find(v.id)) return false;
    seen.add(key);
    return true;
  });
  if (missing.length === 0) return;
  // The error already points at the first vault; with several, each one's line tells them apart.
  const listed = missing.length === 1 ? missing[0]!.id : missing.map((v) => `${v.id} (${formatLocation(v.location)})`).join(', ');
  const first = missing[0]!;
  throw new InputError({
    code: 'KVPG-SNAPSHOT-INCOMPLETE',
    message:
      `the snapshot ${snapshotFile} does not record ${missing.length === 1 ? 'the vault' : `${missing.length} vaults`} the templates deploy: ${listed}. ` +
      'A vault missing from the snapshot is not taken for a new one: deploying without its live access policies could remove them all',
    fix:
      `take the snapshot again with the same templates and parameters (\`keyvault-policy-guard snapshot ... --snapshot-out ${snapshotFile}\`), ` +
      `or, for a vault that does not exist yet, add { "id": "${first.id}", "exists": false, "accessPolicies": [] } to its "vaults"`,
    location: first.location,
  });
}
