// What a run read but could not check: linked deployments and a parameters file with the template schema (warnings),
// accessPolicies children of vaults deployed elsewhere (notices).
import type { LinkedDeployment } from '../template/linked-deployments.js';
import type { AccessPolicyOperation } from '../policy/model.js';
import type { DetachedChild, ElsewhereChild, Finding, PlannedVault, SourceLocation } from '../types.js';
import { guidanceFinding } from './guidance-finding.js';
import { VAULT_NAME_RULE } from '../vault-name.js';
import { UNKNOWN_TAKEN_AT } from '../snapshot/parse-snapshot.js';

/** A deployment whose template lives elsewhere: any vault it deploys keeps no live access policies through this run. */
/** The file a linked deployment's relativePath names, as the run found it beside the template. */
export interface LinkedFile {
  path: string;
  /** It declares a Microsoft.KeyVault/vaults resource. */
  declaresVault: boolean;
  /** The run reads it as a template of its own (--template). */
  inRun: boolean;
}

export function explainLinkedDeployment(linked: LinkedDeployment, location: SourceLocation, local?: LinkedFile): Finding {
  const source = linked.kind === 'templateSpec' ? `template spec ${linked.target}` : `linked template ${linked.target}`;
  const maybe = linked.conditional ? ' (if its condition deploys it)' : '';
  if (local?.declaresVault && local.inRun) {
    return guidanceFinding('KVPG-LINKED-NOT-CHECKED', {
      level: 'notice',
      message: `Deployment "${linked.name}" deploys ${local.path}, which this run also checks as a template of its own: its vaults are planned with the parameters given to the run, not the ones this deployment passes.`,
      fix: `Give ${local.path} the values "${linked.name}" passes it (a parameters file paired with it, or --parameter), so the vaults checked are the ones deployed.`,
      location,
    });
  }
  if (local?.declaresVault) {
    return guidanceFinding('KVPG-LINKED-NOT-CHECKED', {
      level: 'error',
      message: `Deployment "${linked.name}" deploys ${local.path}, which declares a Key Vault${maybe}: this run does not read it, so its live access policies are neither checked nor kept, and the deployment would replace them.`,
      fix: `Add --template ${local.path} (template on the hosts) with the parameters this deployment passes it, or make it an inline nested template (Bicep modules compile inline).`,
      location,
    });
  }
  const fix =
    linked.kind === 'templateSpec'
      ? `Export the template spec (\`az ts export --template-spec ${linked.target} --output-folder ts\`) and run keyvault-policy-guard on it with the parameters this deployment passes, or deploy it from source as a Bicep module.`
      : `Run keyvault-policy-guard on ${linked.file ? `${linked.file} (the file that uri names)` : linked.target} too, with the parameters this deployment passes it, or make it an inline nested template (Bicep modules compile inline).`;
  return guidanceFinding('KVPG-LINKED-NOT-CHECKED', {
    message: `Deployment "${linked.name}" deploys the ${source}, which is not part of ${location.file}: no Key Vault it deploys${maybe} was checked, and none is kept by inject.`,
    fix,
    location,
  });
}

export function explainParametersSchema(warning: { message: string; fix: string; location: SourceLocation }): Finding {
  return guidanceFinding('KVPG-PARAMETERS-SCHEMA', warning);
}

/**
 * An accessPolicies child attached to no planned vault. Key Vault applies it to the principals it lists only (add:
 * union, replace: their permissions as listed, remove: taken away), so it drops no principal it does not list.
 * `vaultsPlanned`: whether the run deploys any vault the child might change. `comparedWith`: the snapshot that records
 * its vault, when the run compared what the children do to it (else the run reads nothing of that vault).
 */
export function explainDetachedChild(child: DetachedChild, vaultsPlanned: boolean, comparedWith?: string): Finding {
  const listed = child.entries === undefined ? 'the principals it lists' : `the ${child.entries === 1 ? 'principal' : `${child.entries} principals`} it lists`;
  const op = child.operation;
  const effectOf = (operation: AccessPolicyOperation) => (child.entries === 0 ? NO_ONE : EFFECT[operation](listed));
  const what = op ? `accessPolicies/${op}` : 'An accessPolicies child resource';
  const give = (names: string[], otherwise: string) => (names.length ? `Give ${names.map((n) => `--parameter ${n}=<value>`).join(' ')} (or a parameters file)` : otherwise);
  if ('refusedName' in child) {
    const { name, problem, missingParameters } = child.refusedName;
    return guidanceFinding('KVPG-CHILD-UNMATCHED', {
      level: 'warning',
      message: `${what} names the vault ${JSON.stringify(name)}, which ARM refuses (${problem}): the deployment would fail. This run reads and injects nothing for it.`,
      fix: `${give(missingParameters, `Correct the vault name in the child's "name" at ${child.location.file}:${child.location.line}`)}: a vault name is ${VAULT_NAME_RULE}.`,
      location: child.location,
    });
  }
  if ('unresolved' in child) {
    // Which vault is not known: a replace or remove may take access from a vault this run deploys, unchecked.
    const risky = vaultsPlanned && op !== 'add';
    const effect = op ? `it ${effectOf(op)}` : child.entries === 0 ? `it ${NO_ONE}` : `whether it adds, replaces or removes, Key Vault applies it to ${listed} only`;
    return guidanceFinding('KVPG-CHILD-UNMATCHED', {
      level: risky ? 'warning' : 'notice',
      message: `${what}: which vault it changes is not known, because ${child.unresolved.reason}. Whichever vault it is, ${effect}. This run compares and injects nothing for it${risky ? ', so what it takes from a vault these templates deploy is not checked' : ''}.`,
      fix: `${give(child.unresolved.missingParameters, 'Give the parameters its name needs (--parameter name=value, or a parameters file)')} to see which vault it changes and how.`,
      location: child.location,
    });
  }
  if (comparedWith !== undefined) {
    return guidanceFinding('KVPG-CHILD-VAULT-ELSEWHERE', {
      message: `accessPolicies/${child.operation} changes vault ${child.vaultId}, which these templates do not deploy: it ${effectOf(child.operation)}. ${comparedWith} records that vault, so this run applied its accessPolicies children, in order, to the live access policies there: the comparison lists who ${child.operation === 'add' ? 'gains' : 'loses'} what, and the gates judge it. It injects nothing for that vault.`,
      fix:
        child.operation === 'add'
          ? 'Nothing to do: add takes no access away. To guard the vault itself, run keyvault-policy-guard on the template that deploys it.'
          : `Check in the comparison that what the ${child.operation} takes is meant: if so, lower no-removal to warning; if not, change the child${child.operation === 'replace' ? ' (use accessPolicies/add if it should only grant)' : ''}.`,
      vaultId: child.vaultId,
      location: child.location,
    });
  }
  const name = child.vaultId.slice(child.vaultId.lastIndexOf('/') + 1);
  const check = `az keyvault show --name ${name} --query properties.accessPolicies`;
  return guidanceFinding('KVPG-CHILD-VAULT-ELSEWHERE', {
    message: `accessPolicies/${child.operation} changes vault ${child.vaultId}, which these templates do not deploy: it ${effectOf(child.operation)}. This run reads and injects nothing for that vault.`,
    fix:
      child.operation === 'add'
        ? 'Nothing to do: add takes no access away. To guard the vault itself, run keyvault-policy-guard on the template that deploys it.'
        : `Check what the listed principals hold on the vault now (\`${check}\`) and that the ${child.operation} is meant${child.operation === 'replace' ? '; use accessPolicies/add if the child should only grant' : ''}.`,
    vaultId: child.vaultId,
    location: child.location,
  });
}

/** Where the run compared the vaults only accessPolicies children change: their ids, and the snapshot that records them. */
export interface ComparedElsewhere {
  vaultIds: readonly string[];
  /** --snapshot-in; absent: the live state the run read. */
  snapshotFile?: string;
  takenAt: string;
}

/** Every detached child's notice; a child of a vault in `compared` says the run compared it with that snapshot. */
export function explainDetachedChildren(children: readonly DetachedChild[], vaultsPlanned: boolean, compared?: ComparedElsewhere): Finding[] {
  const ids = new Set(compared?.vaultIds.map((id) => id.toLowerCase()));
  const taken = compared?.takenAt === UNKNOWN_TAKEN_AT ? '' : ` (taken ${compared?.takenAt})`;
  const source = compared?.snapshotFile === undefined ? 'The live state this run read' : `The snapshot ${compared.snapshotFile}${taken}`;
  return children.map((c) => explainDetachedChild(c, vaultsPlanned, 'vaultId' in c && ids.has(c.vaultId.toLowerCase()) ? source : undefined));
}

/** What a child with an empty list does, whatever its operation. */
const NO_ONE = "lists no principal, so it changes no one's access";

/** What each operation does to the principals a child lists (`listed` names them). */
const EFFECT: Record<AccessPolicyOperation, (listed: string) => string> = {
  add: (listed) => `adds the permissions it names to ${listed} and takes nothing from anyone, so no principal loses access through it`,
  replace: (listed) => `sets the permissions of ${listed} to exactly those it names, which takes away any other permission they held there; principals it does not list keep their access`,
  remove: (listed) => `takes the permissions it names away from ${listed} (a principal left with none loses access to the vault); principals it does not list keep their access`,
};

/**
 * An accessPolicies child applied to a vault another template of the run deploys: the comparison counts it as run
 * after that deployment, which holds only if that template is deployed first (a vault PUT replaces the whole list).
 */
export function explainChildInOtherTemplate(child: ElsewhereChild, vault: PlannedVault): Finding {
  const at = `${vault.location.file}:${vault.location.line}`;
  return guidanceFinding('KVPG-CHILD-OTHER-TEMPLATE', {
    message: `accessPolicies/${child.operation} changes vault ${vault.id}, which ${at} deploys: the comparison applies it after that deployment. Deployed before it, the child fails if the vault does not exist yet, and otherwise what it ${child.operation === 'add' ? 'adds' : 'changes'} is undone, because the vault's deployment replaces the whole access policy list.`,
    fix: `Deploy ${vault.location.file} before ${child.location.file} (pipeline order), or move the child into ${vault.location.file}.`,
    vaultId: vault.id,
    location: child.location,
  });
}
