// Vaults the step could not protect: deploying them as written still replaces their live access policies.
import type { AccessPolicyEntry } from '../policy/model.js';
import type { Finding, Mode, PlannedVault, PrincipalNames } from '../types.js';
import { CONTEXT_INPUTS } from '../inputs/context-inputs.js';
import { formatPermissions } from '../report/format-permissions.js';
import { GROUP_LISTED } from '../report/group-findings.js';
import { principalLabel } from '../report/principal-label.js';
import { guidanceFinding } from './guidance-finding.js';

export interface UnguardedLive {
  /** Live principals the deployment may drop: its accessPolicies are not known, so none can be shown kept or lost. */
  atRisk: readonly AccessPolicyEntry[];
  names?: PrincipalNames;
}

/**
 * A deployed vault that is not resolved (plan, check, inject) or not injected (inject) is a hole in the guard.
 * In inject and check mode it is an error (an unresolved name is bad input: exit 2); plan only reports it.
 */
export function explainUnguarded(vault: PlannedVault, mode: Mode, reason?: string, live?: UnguardedLive): Finding {
  const level = mode === 'plan' ? 'warning' : 'error';
  const at = { vaultId: vault.id, location: vault.location, level } as const;
  if (!vault.resolved) {
    const missing = vault.missingParameters?.length ? vault.missingParameters : undefined;
    const inputs = (vault.missingContext ?? []).flatMap((c) => CONTEXT_INPUTS[c] ?? []);
    const flags = inputs.map((i) => `--${i.input} ${i.placeholder}`);
    const give = [...(missing ?? []).map((m) => `--parameter ${m}=<value>`), ...flags];
    return guidanceFinding('KVPG-VAULT-UNRESOLVED', {
      ...at,
      message: `The vault at this line deploys as ${vault.id}, which cannot be resolved offline: ${vault.reason ?? 'unknown reason'}.`,
      fix: give.length
        ? `Give ${give.map((g) => `\`${g}\``).join(' and ')} (the matching inputs on the hosts: ${[...(missing ? ['parameter-overrides'] : []), ...inputs.map((i) => i.input)].join(', ')})${missing ? `, or add ${missing.length === 1 ? 'the parameter' : 'the parameters'} to the parameters file` : ''}.`
        : 'The name depends on a value known only at deployment time: give the vault a name from parameters or variables, or copy its live access policies into the template by hand.',
    });
  }
  const needed = vault.missingParameters ?? [];
  return guidanceFinding('KVPG-VAULT-NOT-INJECTED', {
    ...at,
    message: `Vault ${vault.id} keeps the template's accessPolicies as written: ${reason ?? vault.notInjectableReason ?? 'its form is not supported'}. Deploying it replaces the live access policies${atRiskText(live)}`,
    ...(needed.length ? { fix: `Give ${needed.map((m) => `\`--parameter ${m}=<value>\``).join(' and ')} (parameter-overrides on the hosts) so its accessPolicies are known, or add ${needed.length === 1 ? 'it' : 'them'} to the parameters file.` } : {}),
  });
}

/** What each property a parameter nobody gave leaves unknown hides from the run. */
const AWAITED: Record<NonNullable<PlannedVault['propertiesAwaitingParameters']>[number]['property'], string> = {
  enableRbacAuthorization: 'whether the vault uses access policies or Azure RBAC after the deployment',
  tenantId: 'whether the deployment moves the vault to another tenant (KVPG-VAULT-TENANT-CHANGE)',
};

/**
 * A live vault whose permission model or tenant needs a parameter nobody gave: bad input, like a name that needs one
 * (ARM refuses the deployment too), and the run cannot say what the deployment does to anyone's access.
 */
export function explainAwaitedParameters(vault: PlannedVault, mode: Mode, live?: UnguardedLive): Finding {
  const said = (vault.propertiesAwaitingParameters ?? []).map(({ property, missingParameters: p }) =>
    `its ${property} needs ${p.length === 1 ? 'parameter' : 'parameters'} ${p.join(', ')}, which nobody gave, so ${AWAITED[property]} is not known`);
  const needed = vault.missingParameters ?? [];
  return guidanceFinding('KVPG-VAULT-NOT-INJECTED', {
    vaultId: vault.id,
    location: vault.location,
    level: mode === 'plan' ? 'warning' : 'error',
    message: `Vault ${vault.id} is not compared${mode === 'check' ? '' : ' or injected'}: ${said.join('; ')}. ARM refuses a deployment whose parameter has no value${atRiskText(live, MAY_LOSE)}`,
    fix: `Give ${needed.map((m) => `\`--parameter ${m}=<value>\``).join(' and ')} (parameter-overrides on the hosts), or add ${needed.length === 1 ? 'it' : 'them'} to the parameters file, so the vault can be checked.`,
  });
}

const KEEP_IF_LISTED = (n: number) => (n === 1 ? 'this live principal keeps access only if the deployed list names it' : `these ${n} live principals keep access only if the deployed list names them`);
const MAY_LOSE = (n: number) => (n === 1 ? 'this live principal may lose access' : `these ${n} live principals may lose access`);

/** `.` or `; these 2 live principals keep access only if …:` and one line per principal, the first few. */
function atRiskText(live: UnguardedLive | undefined, whoOf = KEEP_IF_LISTED): string {
  const atRisk = live?.atRisk ?? [];
  if (atRisk.length === 0) return '.';
  const who = whoOf(atRisk.length);
  const lines = atRisk.slice(0, GROUP_LISTED).map((e) => `- ${principalLabel(e, live?.names)}: ${formatPermissions(e.permissions)}`);
  if (atRisk.length > GROUP_LISTED) lines.push(`… and ${atRisk.length - GROUP_LISTED} more (the JSON report, \`--format json\` or \`report\`, lists every one under "uncompared")`);
  return `; ${who}:\n${lines.join('\n')}`;
}

/** An accessPolicies/remove child names principals known only at deployment: what it takes away cannot be checked. */
export function explainUncheckedRemoval(vault: PlannedVault, mode: Mode): Finding {
  return guidanceFinding('KVPG-VAULT-NOT-INJECTED', {
    vaultId: vault.id,
    location: vault.location,
    level: mode === 'plan' ? 'warning' : 'error',
    message: `Vault ${vault.id} has an accessPolicies/remove child whose principals are known only at deployment time: which live access it removes cannot be checked offline.`,
  });
}

