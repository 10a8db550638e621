// "Who would have lost what": the per-principal plain-text diff the CLI prints.
import { formatLocation } from '../errors.js';
import { isEmptyPermissions } from '../policy/permission-sets.js';
import type { PrincipalChange, PrincipalNames, UncomparedVault, VaultDiff } from '../types.js';
import { comparedSummary } from './compared-summary.js';
import { formatLoss, formatPermissions } from './format-permissions.js';
import { principalLabel } from './principal-label.js';

const MARK: Record<PrincipalChange['change'], string> = { removed: '-', changed: '~', added: '+', unchanged: '=' };

/** How a principal is named in text; hosts that know display names pass their own. */
export type PrincipalLabel = (p: { tenantId: string; objectId: string; applicationId?: string }) => string;

export interface DiffTextOptions {
  principalLabel?: PrincipalLabel;
  /** Who the object ids are (Microsoft Graph), when no principalLabel is given. */
  names?: PrincipalNames;
  /** The closing "N principals would lose access" line (default true). */
  summary?: boolean;
  /** Vaults the run could not compare: the closing line counts them, so it never claims more than was compared. */
  uncompared?: readonly UncomparedVault[];
}

export function renderDiffText(diffs: readonly VaultDiff[], options: DiffTextOptions = {}): string {
  if (diffs.length === 0) return 'No vault to compare.\n';
  const label = options.principalLabel ?? ((p: Parameters<PrincipalLabel>[0]) => principalLabel(p, options.names));
  const out: string[] = [];
  for (const diff of diffs) {
    out.push(diffHeading(diff));
    const unchanged = diff.principals.filter((p) => p.change === 'unchanged').length;
    for (const p of diff.principals) if (p.change !== 'unchanged') out.push(`  ${MARK[p.change]} ${label(p)}: ${describe(p)}`);
    if (unchanged > 0) out.push(`  = ${unchanged} unchanged`);
    if (diff.principals.length === 0) out.push('  (no access policies before or after)');
  }
  if (options.summary === false) return out.join('\n') + '\n';
  out.push(comparedSummary(diffs, options.uncompared));
  return out.join('\n') + '\n';
}

/** The vault and where it is deployed; a vault the templates do not deploy says what changes it. */
export function diffHeading(diff: VaultDiff): string {
  const where = [...(diff.location ? [formatLocation(diff.location)] : []), ...(diff.childrenOnly ? [CHILDREN_ONLY] : [])];
  return where.length ? `${diff.vaultId} (${where.join('; ')})` : diff.vaultId;
}

/** A diff of a vault the templates do not deploy (VaultDiff.childrenOnly), in every report. */
export const CHILDREN_ONLY = 'not deployed by these templates: only their accessPolicies children change it';

function describe(p: PrincipalChange): string {
  if (p.change === 'removed') return `loses all access (${formatPermissions(p.before)})`;
  if (p.change === 'added') return `gains ${formatPermissions(p.after)}`;
  const parts = [];
  if (!isEmptyPermissions(p.removed)) parts.push(`loses ${formatLoss(p)}`);
  if (!isEmptyPermissions(p.added)) parts.push(`gains ${formatPermissions(p.added)}`);
  return parts.join('; ');
}
