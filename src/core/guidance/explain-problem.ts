// Turns each typed AccessProblem into a Finding: the cause, the concrete next step with commands, and the FAQ link.
import type { AccessProblem, Finding, Principal, SourceLocation } from '../types.js';
import { GUIDANCE, type GuidanceCode } from './catalog.js';
import { guidanceFinding } from './guidance-finding.js';
import { explainAuthFailure } from './explain-auth.js';
import { describePrincipal, formatCommands, roleAssignmentCommands, vaultParts } from './grant-commands.js';
import { ROLE_ASSIGNMENT_WRITE, type RoleAssignmentUse } from '../preflight/rights.js';

export interface ExplainContext {
  /** Template position of the vault the problem concerns. */
  location?: SourceLocation;
  /** Add the group-token note to 403s (default true: the principal may get access through a group). */
  groupNote?: boolean;
  /** What the deployment does with role assignments at the vault, for a missing roleAssignments/write. */
  roleAssignmentUse?: RoleAssignmentUse;
}

export function explainProblem(problem: AccessProblem, ctx: ExplainContext = {}): Finding {
  const at = ctx.location === undefined ? {} : { location: ctx.location };
  switch (problem.kind) {
    case 'auth-failed':
      return explainAuthFailure(problem, at);
    case 'id-token-unavailable':
      return guidanceFinding('KVPG401-GITHUB-ID-TOKEN', {
        ...at,
        message: `The workflow could not get an OIDC token: ${problem.message}`,
        fix:
          'Give the job permission to request an ID token, then re-run it:\n' +
          '  permissions:\n    id-token: write\n    contents: read',
      });
    case 'forbidden': {
      if (problem.status === 401) {
        return guidanceFinding('KVPG401-TOKEN', {
          ...at,
          vaultId: problem.vaultId,
          message: `Azure refused the token for ${describePrincipal(problem.principal)}${problem.armCode ? ` (${problem.armCode})` : ''}: ${problem.message}`,
          fix: 'Check that the credential targets the right tenant and cloud, and that the token is for Azure Resource Manager; then re-run.',
        });
      }
      const action = /action '([^']+)'/i.exec(problem.message)?.[1] ?? 'Microsoft.KeyVault/vaults/read';
      const scope = /scope '([^']+)'/i.exec(problem.message)?.[1] ?? problem.vaultId ?? '<vault-id>';
      return explainMissing({ action, scope, vaultId: problem.vaultId, principal: problem.principal, detail: problem.message }, ctx);
    }
    case 'missing-permission':
      return problem.action.toLowerCase() === ROLE_ASSIGNMENT_WRITE.toLowerCase() ? explainRoleAssignmentWrite(problem, ctx) : explainMissing(problem, ctx);
    case 'no-role': {
      const commands = roleAssignmentCommands(problem.principal, 'Reader', problem.scope);
      return guidanceFinding('KVPG403-NO-ROLE', {
        ...at,
        vaultId: problem.vaultId,
        message:
          `${capitalized(describePrincipal(problem.principal))} has no Azure role at ${problem.scope}. ` +
          'Access policies alone are not enough: the identity needs at least one IAM role to sign in to the subscription.',
        fix: `Assign ${describePrincipal(problem.principal)} at least "Reader" on ${problem.scope}:\n${formatCommands(commands)}${groupNote(ctx)}`,
      });
    }
    case 'throttled':
      return guidanceFinding('KVPG429-THROTTLED', {
        ...at,
        vaultId: problem.vaultId,
        message: `Still throttled after ${problem.attempts} attempts: ${problem.message}`,
        fix:
          'Lower `concurrency`, re-run later, and avoid other jobs reading the same subscription with this identity at the same time ' +
          '(ARM throttles per subscription and principal).',
      });
    case 'server-error':
      return guidanceFinding('KVPG5XX-SERVER', {
        ...at,
        vaultId: problem.vaultId,
        message: `Azure answered${problem.status ? ` HTTP ${problem.status}` : ''}: ${problem.message}`,
        fix: 'Re-run the job; if it keeps failing, check Azure status for Key Vault and Resource Manager in the region.',
      });
    case 'soft-deleted':
      return explainSoftDeleted(problem, { location: ctx.location });
  }
}

interface MissingAccess {
  action: string;
  scope: string;
  vaultId?: string;
  principal?: Principal;
  detail?: string;
}

function explainMissing(problem: MissingAccess, ctx: ExplainContext): Finding {
  const lower = problem.action.toLowerCase();
  const code: GuidanceCode = lower.endsWith('/accesspolicies/write')
    ? 'KVPG403-ACCESS-POLICIES-WRITE'
    : lower.endsWith('/read')
      ? 'KVPG403-READ'
      : 'KVPG403-WRITE';
  const role = roleFor(lower);
  const who = describePrincipal(problem.principal);
  const vault = problem.vaultId ?? problem.scope;
  const commands = roleAssignmentCommands(problem.principal, role, problem.scope);
  return guidanceFinding(code, {
    ...(ctx.location === undefined ? {} : { location: ctx.location }),
    ...(problem.vaultId === undefined ? {} : { vaultId: problem.vaultId }),
    message: `${capitalized(who)} lacks ${problem.action} on ${vault}${problem.detail ? ` (${problem.detail})` : ''}.`,
    fix: `Grant ${who} "${role}" on ${problem.scope} (it includes ${problem.action}):\n${formatCommands(commands)}${groupNote(ctx)}`,
  });
}

/** What a missing (or conditional) roleAssignments/write means, by what the deployment does at the vault. */
const ROLE_WRITE_CONSEQUENCE: Record<RoleAssignmentUse | 'assign-conditional' | 'either', string> = {
  switch:
    'the deployment switches the vault to Azure RBAC, and Azure accepts that only from an identity with this right unrestricted (Owner or User Access Administrator; a conditional Key Vault Data Access Administrator or a classic Co-Administrator does not count).',
  'assign-conditional':
    'the deployment creates Key Vault role assignments there, which succeed only if that condition allows their roles ' +
    "(Key Vault Data Access Administrator's allows eight Key Vault roles, not Key Vault Certificate User); it is not evaluated before the deploy.",
  assign: 'the deployment creates role assignments there, and Azure refuses them from an identity without this right.',
  either:
    'the deployment creates role assignments there or switches the vault to Azure RBAC, and Azure accepts neither from an identity without that right unrestricted.',
};

/**
 * Migrate's role assignments and a switch to Azure RBAC need roleAssignments/write; the switch needs it with no condition
 * (the RBAC guide's note). A grant under a condition is enough for assignments alone when the condition allows their
 * roles, which cannot be told offline: then this is a warning, not an error.
 */
function explainRoleAssignmentWrite(problem: Extract<AccessProblem, { kind: 'missing-permission' }>, ctx: ExplainContext): Finding {
  const who = describePrincipal(problem.principal);
  const commands = roleAssignmentCommands(problem.principal, 'User Access Administrator', problem.scope);
  const use = ctx.roleAssignmentUse;
  const mayDo = problem.conditional && use === 'assign';
  const why = problem.conditional
    ? `${capitalized(who)} has ${problem.action} on ${problem.vaultId} only through a role assignment with a condition`
    : `${capitalized(who)} lacks ${problem.action} on ${problem.vaultId}`;
  return guidanceFinding('KVPG403-ROLE-ASSIGNMENTS-WRITE', {
    ...(ctx.location === undefined ? {} : { location: ctx.location }),
    ...(mayDo ? { level: 'warning' as const } : {}),
    vaultId: problem.vaultId,
    message: `${why}: ${ROLE_WRITE_CONSEQUENCE[mayDo ? 'assign-conditional' : (use ?? 'either')]}`,
    fix:
      `Grant ${who} "User Access Administrator" (or Owner) on ${problem.scope}, with no condition ` +
      '("Role Based Access Control Administrator" works only without one; a classic Co-Administrator does not count):\n' +
      `${formatCommands(commands)}\nOr deploy the role assignments with an identity that has it, and keep this step in inject mode. ` +
      `Why RBAC at all: ${GUIDANCE['KVPG-PER-OBJECT-ACCESS'].helpUri}${groupNote(ctx)}`,
  });
}

/** The narrowest built-in role that carries the action. */
function roleFor(action: string): string {
  if (action.startsWith('microsoft.authorization/roleassignments/')) return 'Role Based Access Control Administrator';
  if (action.endsWith('/read')) return 'Reader';
  if (action.startsWith('microsoft.keyvault/')) return 'Key Vault Contributor';
  return 'Contributor';
}

function groupNote(ctx: ExplainContext): string {
  if (ctx.groupNote === false) return '';
  return (
    '\nNote (KVPG-GROUP-TOKEN-REFRESH): if the access comes through an Entra group (granted now or recently), ' +
    `tokens can take up to 8 hours to pick it up, managed identities especially; see ${GUIDANCE['KVPG-GROUP-TOKEN-REFRESH'].helpUri}`
  );
}

/** `region` is the Azure location the deleted vault was in (the snapshot knows it). */
export function explainSoftDeleted(
  problem: Extract<AccessProblem, { kind: 'soft-deleted' }>,
  where: { location?: SourceLocation; region?: string } = {},
): Finding {
  const { name, resourceGroup } = vaultParts(problem.vaultId);
  const region = where.region ?? '<location>';
  const location = where.location;
  const dates = [
    problem.deletionDate ? `deleted ${problem.deletionDate}` : '',
    problem.scheduledPurgeDate ? `purged ${problem.scheduledPurgeDate}` : '',
  ].filter(Boolean);
  return guidanceFinding('KVPG-SOFT-DELETED', {
    vaultId: problem.vaultId,
    ...(location === undefined ? {} : { location }),
    message:
      `Vault ${name} does not exist but a soft-deleted vault of that name does${dates.length ? ` (${dates.join(', ')})` : ''}; ` +
      'deploying a new vault with this name fails until it is recovered or purged.',
    fix:
      `Recover it (keeps its keys, secrets and access policies), or set "createMode": "recover" on the vault in the template:\n` +
      `  az:         az keyvault recover --name ${name} --resource-group ${resourceGroup}\n` +
      `  PowerShell: Undo-AzKeyVaultRemoval -VaultName ${name} -ResourceGroupName ${resourceGroup} -Location ${region}\n` +
      'Or, only if its contents are no longer needed, purge it:\n' +
      `  az:         az keyvault purge --name ${name}\n` +
      `  PowerShell: Remove-AzKeyVault -VaultName ${name} -InRemovedState -Location ${region}`,
  });
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
