// A vault two templates or more of the run deploy: who the one deployed last takes access from (error), or that the
// order decides nothing the run can see (warning).
import type { SharedVault } from '../policy/shared-vaults.js';
import { formatLoss, formatPermissions } from '../report/format-permissions.js';
import { principalLabel } from '../report/principal-label.js';
import type { Finding, PlannedVault, PrincipalChange, PrincipalNames } from '../types.js';
import { guidanceFinding } from './guidance-finding.js';

/** Error when a template deployed last would take access another grants: each one is injected alone, so inject keeps only the live principals in it. */
export function explainSharedVault(shared: SharedVault, names?: PrincipalNames): Finding {
  const [first] = shared.resources as [PlannedVault];
  const at = (v: PlannedVault) => `${v.location.file}:${v.location.line}`;
  const files = [...new Set(shared.resources.map((v) => v.location.file))];
  const taking = shared.lastWins.filter((w) => w.losing.length > 0);
  const loss = (p: PrincipalChange) => `${principalLabel(p, names)} ${p.change === 'removed' ? `loses all access (${formatPermissions(p.before)})` : `loses ${formatLoss(p)}`}`;
  const lines = [
    `Vault ${first.id} is deployed by ${files.length} templates (${shared.resources.map(at).join(', ')}). Each deployment replaces the vault's whole access policy list, so the template deployed last decides who keeps access${taking.length ? ':' : '.'}`,
    ...taking.map((w) => `- deployed last, ${at(w.resource)} takes away what only the other ${files.length > 2 ? 'templates grant' : 'template grants'}: ${w.losing.map(loss).join('; ')}`),
  ];
  if (taking.length === 0 && shared.unknown.length < shared.resources.length - 1) lines.push('Their access policy lists grant the same principals the same permissions, so the order takes no one\'s access away.');
  if (shared.unknown.length) lines.push(`Not compared: ${shared.unknown.map((v) => `${at(v)} (${v.rbac ? 'Azure RBAC' : 'its accessPolicies are not known offline'})`).join(', ')}.`);
  const also = files.length > 2 ? 'every one of them' : 'both';
  return guidanceFinding('KVPG-VAULT-SEVERAL-TEMPLATES', {
    level: taking.length ? 'error' : 'warning',
    message: lines.join('\n'),
    fix: `Deploy the vault from one of ${files.join(', ')} only (move the other access policies into it), or declare the same principals in ${also}. If they deploy to different resource groups or subscriptions, run keyvault-policy-guard once per target.`,
    vaultId: first.id,
    location: first.location,
  });
}
