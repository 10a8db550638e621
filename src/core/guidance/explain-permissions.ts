// One notice for every permission name read from Azure or a snapshot that this version's spec does not know.
import { unrecognizedPermissions } from '../policy/permissions.js';
import type { Finding, SnapshotFile } from '../types.js';
import { guidanceFinding } from './guidance-finding.js';

export function explainUnrecognizedPermissions(snapshot: SnapshotFile): Finding[] {
  const names = new Map<string, string>();
  const vaults = new Set<string>();
  for (const vault of snapshot.vaults) {
    for (const entry of vault.accessPolicies) {
      for (const name of unrecognizedPermissions(entry.permissions)) {
        if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
        vaults.add(vault.id);
      }
    }
  }
  if (names.size === 0) return [];
  const list = [...names.values()].join(', ');
  const where = vaults.size === 1 ? `vault ${[...vaults][0]}` : `${vaults.size} vaults`;
  return [
    guidanceFinding('KVPG-PERMISSION-UNRECOGNIZED', {
      message: `Live access policies on ${where} grant ${list}, which this version does not know; they are kept verbatim in every comparison and in injected templates.`,
    }),
  ];
}
