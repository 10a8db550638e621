// Gate: live access policies that grant an identity the directory no longer has — safe to drop, with the command.
import { deletePolicyCommands, formatCommands } from '../guidance/grant-commands.js';
import { formatPermissions } from '../report/format-permissions.js';
import { principalLabel } from '../report/principal-label.js';
import type { Finding, PlannedVault, PrincipalNames, SnapshotVault } from '../types.js';
import { ruleFinding } from './rule-finding.js';
import type { RulesConfig } from './rules-config.js';

/**
 * One finding per vault whose live entries name ids Graph answered for and does not have (`exists: false`). Entries
 * of another tenant are never orphaned: this tenant's directory cannot see them.
 */
export function checkOrphanedPrincipals(
  vaults: readonly PlannedVault[],
  live: (id: string) => SnapshotVault | undefined,
  names: PrincipalNames | undefined,
  rule: RulesConfig['orphaned-principal'],
): Finding[] {
  if (rule.level === 'off' || !names) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const vault of vaults) {
    const key = vault.id.toLowerCase();
    if (!vault.resolved || seen.has(key)) continue;
    seen.add(key);
    const snapshot = live(vault.id);
    if (!snapshot?.exists || snapshot.enableRbacAuthorization) continue;
    const home = (snapshot.tenantId ?? names.tenantId)?.toLowerCase();
    const orphans = snapshot.accessPolicies.filter(
      (e) => home !== undefined && e.tenantId.toLowerCase() === home && names.byId.get(e.objectId.toLowerCase())?.exists === false,
    );
    if (orphans.length === 0) continue;
    findings.push(
      ruleFinding('orphaned-principal', rule.level, vault, {
        title: `${orphans.length} access polic${orphans.length === 1 ? 'y grants' : 'ies grant'} a deleted identity`,
        message:
          `Vault ${vault.id} grants identities Microsoft Entra ID no longer has; nobody can sign in as them, so the entries are safe to drop:\n` +
          orphans.map((e) => `- ${principalLabel(e, names)}: ${formatPermissions(e.permissions)}`).join('\n'),
        fix:
          'Remove them from the vault (and from the template, or list them in exclude-principals so inject stops carrying them):\n' +
          orphans.map((e) => formatCommands(deletePolicyCommands(vault.id, e))).join('\n'),
      }),
    );
  }
  return findings;
}
