// One RunResult for every report test: a check run with removals, a gate failure and a guidance finding.
import type { RunResult } from '../../../src/core/types.js';

export const VAULT = '/subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app';
export const RBAC_VAULT = '/subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-rbac';
export const TENANT = '33333333-cccc-4ccc-8ccc-333333333333';
export const ALICE = 'aaaaaaaa-0000-4000-8000-000000000001';
export const BOB = 'bbbbbbbb-0000-4000-8000-000000000002';
export const CAROL = 'cccccccc-0000-4000-8000-000000000003';
export const DAVE = 'dddddddd-0000-4000-8000-000000000004';

export function sampleResult(): RunResult {
  const location = { file: '/work/repo/infra/main.json', line: 12, column: 5 };
  return {
    mode: 'check',
    vaults: [
      { id: VAULT, resolved: true, rbac: false, location, path: ['resources', 0], accessPoliciesForm: 'literal-array', injectable: true },
      { id: RBAC_VAULT, resolved: true, rbac: true, location: { ...location, line: 40 }, path: ['resources', 1], accessPoliciesForm: 'absent', injectable: true },
    ],
    written: [],
    diffs: [
      {
        vaultId: VAULT,
        location,
        removedCount: 2,
        principals: [
          { tenantId: TENANT, objectId: ALICE, applicationId: 'app-1', change: 'removed', before: { secrets: ['get', 'list'] }, after: {}, removed: { secrets: ['get', 'list'] }, added: {} },
          { tenantId: TENANT, objectId: BOB, change: 'changed', before: { keys: ['get', 'sign'] }, after: { keys: ['get', 'verify'] }, removed: { keys: ['sign'] }, added: { keys: ['verify'] } },
          { tenantId: TENANT, objectId: CAROL, change: 'added', before: {}, after: { secrets: ['get'] }, removed: {}, added: { secrets: ['get'] } },
          { tenantId: TENANT, objectId: DAVE, change: 'unchanged', before: { certificates: ['get'] }, after: { certificates: ['get'] }, removed: {}, added: {} },
        ],
      },
    ],
    findings: [
      {
        code: 'no-removal',
        level: 'error',
        title: 'Deployment removes access from 2 principal(s)',
        message: `Deploying the template would change vault ${VAULT} so that:\n- ${ALICE} (app app-1) loses all access (secrets: get, list)\n- ${BOB} loses keys: sign`,
        fix: 'Run keyvault-policy-guard in inject mode.',
        helpUri: 'https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies',
        vaultId: VAULT,
        location,
      },
      {
        code: 'KVPG429-THROTTLED',
        level: 'warning',
        title: 'Azure Resource Manager kept throttling the requests (HTTP 429)',
        message: 'Still throttled after 4 attempts: Too many requests',
        helpUri: 'https://learn.microsoft.com/azure/key-vault/general/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits',
      },
      {
        code: 'rbac-recommended',
        level: 'notice',
        title: 'Vault uses access policies',
        message: `Vault ${VAULT} uses access policies.`,
        helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rbac-migration',
        vaultId: VAULT,
        location: { file: '/work/repo/infra/with space.json', line: 3, column: 9 },
      },
    ],
    removedCount: 2,
    exitCode: 1,
  };
}
