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
  /** Microsoft's page on API 2026-02-01: RBAC as the default for new vaults, retirement of older api-versions. */
  accessControlDefault: `${KV_DOCS}/access-control-default`,
  softDelete: `${KV_DOCS}/soft-delete-overview`,
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
    fix: 'Keep the vault on access policies, or replace those entries (a custom role, a role for the application itself, secrets instead of managed storage accounts) and run migrate again.',
    level: 'warning',
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
  'KVPG-ARM-LIMIT': {
    title: 'After injection the template exceeds an ARM size limit (4 MB template, 1 MB per resource)',
    helpUri: 'https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits',
    fix: 'Split the template into nested or linked deployments, or move vaults with many access policies to Azure RBAC.',
    level: 'warning',
  },
} as const satisfies Record<string, GuidanceEntry>;

export type GuidanceCode = keyof typeof GUIDANCE;

export function isGuidanceCode(code: string): code is GuidanceCode {
  return Object.hasOwn(GUIDANCE, code);
}
