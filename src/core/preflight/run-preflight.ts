// The preflight step of a live run: which vaults the deployment writes, which of them it also gives role assignments or
// switches to Azure RBAC, and what the deploying identity lacks for that, as findings at each vault's template line.
import { explainProblem, type ExplainContext } from '../guidance/index.js';
import { switchingVaultIds } from '../migrate/switch-coverage.js';
import type { AccessProblem, AzureGateway, Finding, Mode, PlannedVault, PreflightTarget, SnapshotVault } from '../types.js';
import { uniqueResolved } from '../snapshot/vault-id.js';
import { ROLE_ASSIGNMENT_WRITE, type RoleAssignmentUse } from './rights.js';

export interface PreflightStepInput {
  mode: Mode;
  /** migrate --switch: each vault migrate gives role assignments may also be switched. */
  switchToRbac: boolean;
  vaults: readonly PlannedVault[];
  live: (id: string) => SnapshotVault | undefined;
  /** The one port it needs. */
  preflight: AzureGateway['preflight'];
}

/**
 * inject and migrate check every vault they write; check (which writes nothing, and whose identity may not be the one
 * that deploys) asks only about the vaults the template switches to RBAC, and says what it finds as warnings. Rejects
 * with AzureAccessError when Azure refuses the run's credentials.
 */
export async function runPreflight(input: PreflightStepInput): Promise<Finding[]> {
  if (input.mode !== 'inject' && input.mode !== 'migrate' && input.mode !== 'check') return [];
  const uses = roleAssignmentUses(input);
  const advisory = input.mode === 'check';
  const targets: PreflightTarget[] = uniqueResolved(input.vaults)
    .filter((v) => !advisory || uses.has(v.id.toLowerCase()))
    .map((v) => ({ vaultId: v.id, exists: input.live(v.id)?.exists ?? false, ...(uses.has(v.id.toLowerCase()) ? { writesRoleAssignments: true } : {}) }));
  if (targets.length === 0) return [];
  const { problems } = await input.preflight(targets);
  const explain = explainAtVault(input.vaults);
  return problems
    .filter((p) => !advisory || isRoleAssignmentWrite(p))
    .map((p) => {
      const use = 'vaultId' in p && p.vaultId ? uses.get(p.vaultId.toLowerCase()) : undefined;
      const finding = explain(p, use ? { roleAssignmentUse: use } : {});
      return advisory ? { ...finding, level: 'warning' as const, message: `${finding.message} (check: this holds if the identity that ran it also deploys)` } : finding;
    });
}

/**
 * By lower-cased id: `switch` for a vault the template turns from access policies to RBAC, and in migrate --switch for
 * every vault migrate gives role assignments (each may switch); `assign` for those in migrate without --switch.
 */
export function roleAssignmentUses(input: Pick<PreflightStepInput, 'mode' | 'switchToRbac' | 'vaults' | 'live'>): Map<string, RoleAssignmentUse> {
  const uses = new Map<string, RoleAssignmentUse>(switchingVaultIds(input.vaults, input.live).map((id) => [id.toLowerCase(), 'switch']));
  if (input.mode !== 'migrate') return uses;
  for (const vault of input.vaults) {
    const state = vault.resolved ? input.live(vault.id) : undefined;
    // migrate writes role assignments for the live access policies of a vault not yet on RBAC.
    if (!state?.exists || state.enableRbacAuthorization === true || state.accessPolicies.length === 0) continue;
    const key = vault.id.toLowerCase();
    if (!uses.has(key)) uses.set(key, input.switchToRbac ? 'switch' : 'assign');
  }
  return uses;
}

function isRoleAssignmentWrite(problem: AccessProblem): boolean {
  return problem.kind === 'missing-permission' && problem.action.toLowerCase() === ROLE_ASSIGNMENT_WRITE.toLowerCase();
}

/** explainProblem at the template line of the vault a problem names, so the hosts annotate that line. */
export function explainAtVault(vaults: readonly PlannedVault[]): (problem: AccessProblem, ctx?: ExplainContext) => Finding {
  const at = new Map(vaults.filter((v) => v.resolved).map((v) => [v.id.toLowerCase(), v.location]));
  return (problem, ctx = {}) => {
    const location = 'vaultId' in problem && problem.vaultId ? at.get(problem.vaultId.toLowerCase()) : undefined;
    return explainProblem(problem, location ? { ...ctx, location } : ctx);
  };
}
