// Gate: access policies that name another tenant than the vault's, where the deployment decides it. A template's
// own entry is its author's to fix; a live entry inject only keeps changes nothing, and a vault the template moves
// to another tenant is fixed at the vault's tenantId, not at its entries.
import { keepTenantFix, knownTenant, tenantMove } from '../guidance/explain-tenant-change.js';
import { deletePolicyCommands, formatCommands } from '../guidance/grant-commands.js';
import type { AccessPolicyEntry, TemplatePolicy } from '../policy/model.js';
import { identityKey } from '../policy/permissions.js';
import { principalLabel } from '../report/principal-label.js';
import type { Finding, PlannedVault, PrincipalNames } from '../types.js';
import { ruleFinding } from './rule-finding.js';
import type { RulesConfig } from './rules-config.js';

export function checkTenantMatch(
  vault: PlannedVault,
  final: TemplatePolicy[],
  liveTenant: string | undefined,
  rule: RulesConfig['tenant-match'],
  names?: PrincipalNames,
): Finding[] {
  const tenant = knownTenant(vault.tenantId) ?? knownTenant(liveTenant);
  if (rule.level === 'off' || tenant === undefined) return [];
  const wanted = tenant.toLowerCase();
  const move = tenantMove(vault, liveTenant);
  let written: ReadonlySet<string> | undefined;
  const findings: Finding[] = [];
  for (const policy of final) {
    if (policy.kind !== 'resolved') continue;
    const named = policy.entry.tenantId;
    // Asked of every principal of every vault: the tenant as the vault spells it needs no lower-cased copy.
    if (named === tenant || knownTenant(named) === undefined || named.toLowerCase() === wanted) continue;
    written ??= templateIdentities(vault);
    const entry: Mismatch = { vault, entry: policy.entry, live: !written.has(identityKey(policy.entry)), label: principalLabel(policy.entry, names) };
    const text = move !== undefined && named.toLowerCase() === move.from.toLowerCase()
      ? movedAway(entry, move)
      : entry.live ? liveEntry(entry, knownTenant(liveTenant) ?? tenant) : templateEntry(entry, tenant, move);
    // A live entry is on the vault already and inject keeps it as it is: keeping it changes nothing, so it never blocks.
    findings.push(ruleFinding('tenant-match', entry.live ? 'notice' : rule.level, vault, text));
  }
  return findings;
}

interface Mismatch {
  vault: PlannedVault;
  entry: AccessPolicyEntry;
  /** Only the live vault has it (inject carries it over); else the template writes it. */
  live: boolean;
  label: string;
}

type FindingText = { title: string; message: string; fix: string };

/** The principals the template itself writes: its accessPolicies and its accessPolicies children. */
function templateIdentities(vault: PlannedVault): ReadonlySet<string> {
  const policies = [...(vault.templatePolicies ?? []), ...(vault.childOperations ?? []).flatMap((op) => op.policies)];
  return new Set(policies.flatMap((p) => (p.kind === 'resolved' ? [identityKey(p.entry)] : [])));
}

/** The entry is in the tenant the vault is in now; the template's tenantId moves the vault away from it. */
function movedAway(m: Mismatch, move: { from: string; to: string }): FindingText {
  return {
    title: 'The template moves the vault away from the tenant of an access policy',
    message:
      `The template moves vault ${m.vault.id} from tenant ${move.from} to tenant ${move.to}, so the ${m.live ? 'live ' : ''}access policy for ${m.label}, ` +
      `which names tenant ${move.from}, would grant nothing: the vault only accepts tokens from its own tenant.` +
      (m.live ? ' inject keeps the live entry as it is; it is the vault that changes tenant.' : ''),
    fix: `${keepTenantFix(m.vault, move.from)} The entry's tenantId is right; KVPG-VAULT-TENANT-CHANGE reports the move.`,
  };
}

function liveEntry(m: Mismatch, vaultTenant: string): FindingText {
  return {
    title: 'A live access policy names another tenant',
    message:
      `Vault ${m.vault.id} is in tenant ${vaultTenant} but its live access policy for ${m.label} names tenant ${m.entry.tenantId}: ` +
      'the vault only accepts tokens from its own tenant, so the entry grants nothing now. inject keeps live entries as they are, so the deployment changes nothing for it.',
    fix:
      `Nothing to change in the template. If the principal needs the vault, grant it as an identity of tenant ${vaultTenant}; ` +
      `if the entry is left from a move to another tenant, remove it from the vault:\n${formatCommands(deletePolicyCommands(m.vault.id, m.entry))}`,
  };
}

function templateEntry(m: Mismatch, tenant: string, move: { from: string; to: string } | undefined): FindingText {
  const where = move === undefined ? `is in tenant ${tenant}` : `would be in tenant ${move.to} (the template moves it from tenant ${move.from})`;
  return {
    title: 'Access policy names another tenant',
    message: `Vault ${m.vault.id} ${where} but the access policy for ${m.label} names tenant ${m.entry.tenantId}; the vault only accepts tokens from its own tenant, so the grant does nothing.`,
    fix: move === undefined
      ? `Set the entry's tenantId to ${tenant} (or "[subscription().tenantId]"), and check the object id belongs to that tenant.`
      : `Set the entry's tenantId to ${move.from} (or "[subscription().tenantId]") and keep the vault in that tenant (KVPG-VAULT-TENANT-CHANGE), and check the object id belongs to it.`,
  };
}
