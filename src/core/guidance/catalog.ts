// The one guidance catalog: every code the tool explains, its short cause and the Microsoft page that covers it.
import type { Level } from '../types.js';

const KV_DOCS = 'https://learn.microsoft.com/azure/key-vault/general';
/** Microsoft's Key Vault access-policy FAQ (troubleshooting-access-issues); anchors are its question headings. */
export const FAQ_URL = `${KV_DOCS}/troubleshooting-access-issues`;

/** Pages the FAQ links to, with anchors that exist on them. */
export const HELP = {
  unauthenticated: `${KV_DOCS}/rest-error-codes#http-401-unauthenticated-request`,
  insufficientPermissions: `${KV_DOCS}/rest-error-codes#http-403-insufficient-permissions`,
  tooManyRequests: `${KV_DOCS}/rest-error-codes#http-429-too-many-requests`,
  restErrorCodes: `${KV_DOCS}/rest-error-codes`,
  throttling: `${KV_DOCS}/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits`,
  grantAccess: `${KV_DOCS}/group-permissions-for-apps#give-the-principal-access-to-your-key-vault`,
  groupAccess: `${FAQ_URL}#how-can-i-give-the-ad-group-access-to-the-key-vault`,
  redeploy: `${FAQ_URL}#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies`,
  perObject: `${FAQ_URL}#how-can-i-assign-access-control-per-key-vault-object`,
  managedIdentity: `${KV_DOCS}/managed-identity`,
  rbacMigration: `${KV_DOCS}/rbac-migration`,
  /** The RBAC guide's note: switching the permission model needs roleAssignments/write with no condition. */
  rbacSwitch: `${KV_DOCS}/rbac-guide#enable-azure-rbac-permissions-on-key-vault`,
  /** Microsoft's page on API 2026-02-01: RBAC as the default for new vaults, retirement of older api-versions. */
  accessControlDefault: `${KV_DOCS}/access-control-default`,
  softDelete: `${KV_DOCS}/soft-delete-overview`,
  /** A vault's tenant, its access policies and role assignments: what a change of tenant does. */
  moveSubscription: `${KV_DOCS}/move-subscription`,
  logging: `${KV_DOCS}/logging`,
  alert: `${KV_DOCS}/alert`,
} as const;

export interface GuidanceEntry {
  /** Short cause, one line. */
  title: string;
  helpUri: string;
  /** The usual next step, one line (findings carry the concrete one, naming principal and vault). */
  fix: string;
  /** Level a finding with this code gets unless the caller knows better. */
  level: Level;
}

export const GUIDANCE = {
  'KVPG401-INVALID-SECRET': {
    title: 'The client secret is wrong (AADSTS7000215)',
    helpUri: HELP.unauthenticated,
    fix: 'Create a new client secret for the app (`az ad app credential reset --id <appId>`) and update the pipeline secret or service connection.',
    level: 'error',
  },
  'KVPG401-EXPIRED-SECRET': {
    title: 'The client secret has expired (AADSTS7000222)',
    helpUri: HELP.unauthenticated,
    fix: 'Issue a new secret (`az ad app credential reset --id <appId>`), or move to workload identity federation so nothing expires.',
    level: 'error',
  },
  'KVPG401-APP-NOT-FOUND': {
    title: 'The application is not registered in this tenant (AADSTS700016)',
    helpUri: HELP.unauthenticated,
    fix: 'Check the client id and tenant id; the app must have a service principal in that tenant (`az ad sp create --id <appId>`).',
    level: 'error',
  },
  'KVPG401-FEDERATED-SUBJECT': {
    title: 'No federated credential matches the subject the workflow presented (AADSTS70021/700213)',
    helpUri: HELP.unauthenticated,
    fix: 'Add a federated credential whose subject is exactly the one shown (`az ad app federated-credential create`).',
    level: 'error',
  },
  'KVPG401-GITHUB-ID-TOKEN': {
    title: 'The workflow cannot request an OIDC token (permissions: id-token: write is missing)',
    helpUri: HELP.unauthenticated,
    fix: 'Add `permissions: id-token: write` to the workflow or job.',
    level: 'error',
  },
  'KVPG401-TOKEN': {
    title: 'Azure rejected the credentials or the access token',
    helpUri: HELP.unauthenticated,
    fix: 'Sign in again (azure/login, service connection) and check the tenant and cloud match the subscription.',
    level: 'error',
  },
  'KVPG403-READ': {
    title: 'The deploying identity cannot read the vault',
    helpUri: HELP.insufficientPermissions,
    fix: 'Grant `Microsoft.KeyVault/vaults/read` on the vault, e.g. the Reader role (`az role assignment create`).',
    level: 'error',
  },
  'KVPG403-WRITE': {
    title: 'The deploying identity cannot write the vault',
    helpUri: HELP.insufficientPermissions,
    fix: 'Grant `Microsoft.KeyVault/vaults/write` on the vault, e.g. Key Vault Contributor.',
    level: 'error',
  },
  'KVPG403-ACCESS-POLICIES-WRITE': {
    title: "The deploying identity cannot change the vault's access policies",
    helpUri: HELP.grantAccess,
    fix: 'Grant `Microsoft.KeyVault/vaults/accessPolicies/write`, e.g. Key Vault Contributor.',
    level: 'error',
  },
  'KVPG403-ROLE-ASSIGNMENTS-WRITE': {
    title: 'The deploying identity cannot create the role assignments, or switch the vault to Azure RBAC',
    helpUri: HELP.rbacSwitch,
    fix: 'Grant `Microsoft.Authorization/roleAssignments/write` on the vault with no condition: Owner, User Access Administrator, or Role Based Access Control Administrator assigned without one.',
    level: 'error',
  },
  'KVPG403-NO-ROLE': {
    title: 'The identity has no IAM role on the vault, its resource group or subscription',
    helpUri: HELP.groupAccess,
    fix: 'Assign at least one IAM role on the vault or its resource group to the deploying identity.',
    level: 'error',
  },
  'KVPG429-THROTTLED': {
    title: 'Azure Resource Manager kept throttling the requests (HTTP 429)',
    helpUri: HELP.throttling,
    fix: 'Run fewer parallel reads (`concurrency`), spread deployments, retry later.',
    level: 'error',
  },
  'KVPG5XX-SERVER': {
    title: 'Azure answered with a server error',
    helpUri: HELP.restErrorCodes,
    fix: 'Retry; if it persists check Azure status and the request id in the log.',
    level: 'error',
  },
  'KVPG-GROUP-TOKEN-REFRESH': {
    title: 'Access granted through a group can take up to 8 hours to reach existing tokens',
    helpUri: HELP.groupAccess,
    fix: 'Wait for tokens to refresh (up to 8 hours) or grant the identity directly.',
    level: 'notice',
  },
  'KVPG-RBAC-VAULT': {
    title: 'The vault uses Azure RBAC: its access policies are ignored',
    helpUri: HELP.rbacMigration,
    fix: 'Use role assignments (e.g. Key Vault Secrets User) instead of access policies.',
    level: 'warning',
  },
  'KVPG-RBAC-SWITCH-LOCKOUT': {
    title: 'The template switches the permission model with nothing granting the old access again',
    helpUri: HELP.rbacMigration,
    fix: 'Add role assignments for every principal in the same deployment, or keep access policies.',
    level: 'error',
  },
  'KVPG-MIGRATE-GAP': {
    title: 'Some access policies have no least-privilege Azure RBAC equivalent',
    helpUri: HELP.rbacMigration,
    fix: 'Keep the vault on access policies, or replace those entries (a custom role, a role for the application itself, secrets instead of managed storage accounts; remove entries of deleted identities or of other tenants) and run migrate again.',
    level: 'warning',
  },
  'KVPG-VAULT-TENANT-CHANGE': {
    title: "The template sets another tenantId than the vault's: deploying moves the vault to another Microsoft Entra tenant",
    helpUri: HELP.moveSubscription,
    fix: 'Set the vault\'s tenantId to "[subscription().tenantId]" or the tenant it is in now.',
    level: 'error',
  },
  'KVPG-SOFT-DELETED': {
    title: 'A soft-deleted vault with this name exists',
    helpUri: HELP.softDelete,
    fix: 'Recover it (`az keyvault recover`) or purge it, or pick another name.',
    level: 'error',
  },
  'KVPG-PER-OBJECT-ACCESS': {
    title: 'Access policies grant vault-wide rights; per-object access needs Azure RBAC',
    helpUri: HELP.perObject,
    fix: 'Use Azure RBAC role assignments scoped to the key, secret or certificate.',
    level: 'notice',
  },
  'KVPG-LOGGING': {
    title: 'Check the vault logs before removing access',
    helpUri: HELP.logging,
    fix: 'Enable diagnostic logging and check who used the access before removing it.',
    level: 'notice',
  },
  'KVPG-VAULT-UNRESOLVED': {
    title: 'The vault cannot be identified offline, so its live access policies cannot be kept',
    helpUri: HELP.redeploy,
    fix: 'Give the missing parameters (`--parameter name=value`, `parameter-overrides`, or the parameters file) so the vault name resolves.',
    level: 'error',
  },
  'KVPG-VAULT-NOT-INJECTED': {
    title: 'The live access policies could not be written into this vault definition',
    helpUri: HELP.redeploy,
    fix: 'Write accessPolicies as a literal array, a parameter or a variable, or copy the live policies in by hand before deploying.',
    level: 'error',
  },
  'KVPG-PERMISSION-UNRECOGNIZED': {
    title: 'Live access policies grant permission names or categories this version does not know; they are carried through as read',
    helpUri: HELP.grantAccess,
    fix: 'Nothing to do: the names are kept as Azure spells them. Update keyvault-policy-guard to have them checked by name.',
    level: 'notice',
  },
  'KVPG-ARM-LIMIT': {
    title: 'After injection the template exceeds an ARM size limit (4 MB template, 1 MB per resource)',
    helpUri: 'https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits',
    fix: 'Split the template into nested or linked deployments, or move vaults with many access policies to Azure RBAC.',
    level: 'warning',
  },
  'KVPG-LINKED-NOT-CHECKED': {
    title: 'A linked template or template spec deployment is not checked: its template is not in this file',
    helpUri: 'https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates',
    fix: 'Run keyvault-policy-guard on the linked template (or the exported template spec) with the parameters this deployment passes it, or make it an inline nested template.',
    level: 'warning',
  },
  'KVPG-CHILD-VAULT-ELSEWHERE': {
    title: 'An accessPolicies child resource changes a Key Vault these templates do not deploy',
    helpUri: HELP.grantAccess,
    fix: 'Nothing to do for add: it takes no access away. For replace or remove, check what the listed principals hold on the vault now, or run keyvault-policy-guard on the template that deploys the vault. When the snapshot records the vault, the run compares the change instead: check that comparison.',
    level: 'notice',
  },
  'KVPG-CHILD-UNMATCHED': {
    title: 'An accessPolicies child resource matches no vault this run can check',
    helpUri: HELP.grantAccess,
    fix: 'Give the parameters its name needs (--parameter name=value, or a parameters file) so the vault it changes is known.',
    level: 'notice',
  },
  'KVPG-CHILD-OTHER-TEMPLATE': {
    title: 'An accessPolicies child resource changes a Key Vault another of these templates deploys',
    helpUri: HELP.redeploy,
    fix: "Deploy the vault's template before the child's (pipeline order), or move the child into the vault's template.",
    level: 'notice',
  },
  'KVPG-VAULT-SEVERAL-TEMPLATES': {
    title: 'More than one of these templates deploys the same Key Vault: the one deployed last replaces the access policies the others grant',
    helpUri: HELP.redeploy,
    fix: 'Deploy the vault from one template only, or declare the same principals in every template that deploys it.',
    level: 'error',
  },
  'KVPG-PARAMETERS-SCHEMA': {
    title: 'The parameters file declares the deployment-template $schema',
    helpUri: 'https://learn.microsoft.com/azure/azure-resource-manager/templates/parameter-files',
    fix: 'Set its "$schema" to "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#".',
    level: 'warning',
  },
  'KVPG-VERIFY-SKIPPED': {
    title: 'The vault was not compared after the deploy',
    helpUri: HELP.redeploy,
    fix: 'See the reason; RBAC vaults keep their access in role assignments, which a redeploy does not replace.',
    level: 'notice',
  },
  'KVPG-VERIFY-WINDOW-UNCHECKED': {
    title: 'Grants made between the snapshot and the deploy could not be checked',
    helpUri: HELP.redeploy,
    fix: 'Give the identity read access to the vault\'s change history (Reader on the subscription lets Azure Resource Graph answer), then re-run verify.',
    level: 'warning',
  },
  'KVPG-VERIFY-ADDED': {
    title: 'Access granted after the deploy (informational)',
    helpUri: HELP.grantAccess,
    fix: 'Nothing to do if the grant is intended; add it to the template so the next deploy keeps it.',
    level: 'notice',
  },
  'KVPG-RESTORE-PLAN': {
    title: 'Access policies to add back (accessPolicies/add)',
    helpUri: HELP.redeploy,
    fix: 'Run `keyvault-policy-guard restore --snapshot-in FILE --apply` (or `verify --restore`) to add them; nothing is replaced or removed.',
    level: 'notice',
  },
  'KVPG-RESTORE-PARTIAL': {
    title: 'Some vaults were not restored',
    helpUri: HELP.grantAccess,
    fix: 'Fix the cause named for each vault, then run the same command again: it adds only what is still missing, so a rerun is safe.',
    level: 'error',
  },
  'KVPG-RECOVER-NOT-EXACT': {
    title: "ARM's change history cannot rebuild the access policies exactly",
    helpUri: HELP.redeploy,
    fix: 'Rebuild the list from the Activity Log, or restore from a snapshot taken before the deploy.',
    level: 'error',
  },
  'KVPG-RECOVER-NO-REMOVAL': {
    title: 'No change in the last 14 days removed access policies',
    helpUri: HELP.redeploy,
    fix: 'Azure Resource Graph keeps 14 days of changes; rebuild older losses from your own records.',
    level: 'error',
  },
  'KVPG-RECOVERED': {
    title: 'Access policies rebuilt from the change history',
    helpUri: HELP.redeploy,
    fix: 'Review the snapshot, then `keyvault-policy-guard restore --snapshot-in FILE --apply`.',
    level: 'notice',
  },
  'KVPG-NAMES-UNAVAILABLE': {
    title: 'Principal names could not be read from Microsoft Graph; reports show object ids only',
    helpUri: 'https://learn.microsoft.com/graph/api/directoryobject-getbyids',
    fix: 'Grant the identity the Microsoft Graph application permission Directory.Read.All (admin consent), give `graph-endpoint` for a custom cloud, or set `resolve-names: false`.',
    level: 'notice',
  },
} as const satisfies Record<string, GuidanceEntry>;

export type GuidanceCode = keyof typeof GUIDANCE;

export function isGuidanceCode(code: string): code is GuidanceCode {
  return Object.hasOwn(GUIDANCE, code);
}
