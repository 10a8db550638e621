// The closing line of a comparison. A vault several templates deploy is one vault: it and its principals count once.
import { losesAccess } from '../policy/diff-policies.js';
import { identityKey } from '../policy/permissions.js';
import type { UncomparedVault, VaultDiff } from '../types.js';

/**
 * `No principal would lose access (2 vaults compared).` or `1 principal would lose access on 1 of 2 vaults.`; when a
 * vault could not be compared the line says so and names the finding, so "no principal" never reads as "none at all".
 */
export function comparedSummary(diffs: readonly VaultDiff[], uncompared: readonly UncomparedVault[] = []): string {
  const vaults = new Set(diffs.map((d) => d.vaultId.toLowerCase()));
  const losing = new Set<string>();
  const lost = new Set<string>();
  for (const d of diffs) {
    for (const p of d.principals) {
      if (!losesAccess(p)) continue;
      losing.add(d.vaultId.toLowerCase());
      lost.add(`${d.vaultId.toLowerCase()}|${identityKey(p)}`);
    }
  }
  // Said when the counts differ from the diffs listed above: the same vault printed under each template.
  const files = new Set(diffs.map((d) => d.location?.file));
  const resources = vaults.size < diffs.length ? `${diffs.length} vault resources in ${plural(files.size, 'template')}` : undefined;
  const notCompared = notComparedText(uncompared);
  if (notCompared === undefined) {
    return lost.size === 0
      ? `No principal would lose access (${plural(vaults.size, 'vault')} compared${resources ? `: ${resources}` : ''}).`
      : `${plural(lost.size, 'principal')} would lose access on ${losing.size} of ${plural(vaults.size, 'vault')}${resources ? ` (${resources})` : ''}.`;
  }
  if (diffs.length === 0) return `${notCompared}.`;
  const scope = `${plural(vaults.size, 'vault')} compared${resources ? ` (${resources})` : ''}`;
  return lost.size === 0
    ? `No principal would lose access in the ${scope}; ${notCompared}.`
    : `${plural(lost.size, 'principal')} would lose access on ${losing.size} of ${scope}; ${notCompared}.`;
}

/** `1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED)`; undefined when every vault was. */
function notComparedText(uncompared: readonly UncomparedVault[]): string | undefined {
  if (uncompared.length === 0) return undefined;
  // An unresolved name is no identity: two such resources are two vaults, told apart by where they are declared.
  const vaults = new Set(uncompared.map((u) => (u.code === 'KVPG-VAULT-UNRESOLVED' ? `${u.location.file}:${u.location.line}:${u.location.column}` : u.vaultId.toLowerCase())));
  const codes = [...new Set(uncompared.map((u) => u.code))];
  return `${plural(vaults.size, 'vault')} could not be compared (see ${codes.join(' and ')})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
