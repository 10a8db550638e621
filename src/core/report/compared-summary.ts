// The closing line of a comparison. A vault several templates deploy is one vault: it and its principals count once.
import { losesAccess } from '../policy/diff-policies.js';
import { identityKey } from '../policy/permissions.js';
import type { VaultDiff } from '../types.js';

/** `No principal would lose access (2 vaults compared).` or `1 principal would lose access on 1 of 2 vaults.` */
export function comparedSummary(diffs: readonly VaultDiff[]): string {
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
  return lost.size === 0
    ? `No principal would lose access (${plural(vaults.size, 'vault')} compared${resources ? `: ${resources}` : ''}).`
    : `${plural(lost.size, 'principal')} would lose access on ${losing.size} of ${plural(vaults.size, 'vault')}${resources ? ` (${resources})` : ''}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
