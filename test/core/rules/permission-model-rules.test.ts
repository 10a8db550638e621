import assert from 'node:assert/strict';
import { run, type RunPorts } from '../../../src/core/run.js';
import type { Finding, Mode, SnapshotVault } from '../../../src/core/types.js';

const SUB = '11111111-1111-4111-8111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';
const OPS = '44444444-4444-4444-8444-444444444444';
const DEV = '55555555-5555-4555-8555-555555555555';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-app`;

interface Case {
  live: 'new' | 'access policies' | 'rbac';
  /** Principals the template's accessPolicies name (secrets get, list). */
  policies: string[];
  /** Principals the template gives Key Vault Secrets User on the vault. */
  roles?: string[];
  rules?: string;
}

/** A quickstart-style template at 2026-02-01 without enableRbacAuthorization ("properties" at line 9). */
function template(c: Case): string {
  const policy = (objectId: string) => ({ tenantId: TENANT, objectId, permissions: { secrets: ['get', 'list'] } });
  const role = (principalId: string) => ({
    type: 'Microsoft.Authorization/roleAssignments',
    apiVersion: '2022-04-01',
    name: `[guid('${principalId}')]`,
    scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-app')]",
    properties: { principalId, roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${SECRETS_USER}')]` },
  });
  return JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      { type: 'Microsoft.KeyVault/vaults', apiVersion: '2026-02-01', name: 'kv-app', properties: { tenantId: TENANT, accessPolicies: c.policies.map(policy) } },
      ...(c.roles ?? []).map(role),
    ],
  }, null, 2);
}

function snapshot(c: Case): string {
  const vault: SnapshotVault = c.live === 'new'
    ? { id: VAULT, exists: false, accessPolicies: [] }
    : { id: VAULT, exists: true, tenantId: TENANT, enableRbacAuthorization: c.live === 'rbac', accessPolicies: c.live === 'rbac' ? [] : [{ tenantId: TENANT, objectId: OPS, permissions: { secrets: ['get', 'list'] } }] };
  return JSON.stringify({ schemaVersion: 1, takenAt: '2026-11-01T00:00:00Z', vaults: [vault] });
}

/** The permission-model findings of a run against the snapshot, as [code, level, message, fix]. */
async function modelFindings(c: Case, mode: Mode = 'check'): Promise<string[][]> {
  const files = new Map([['main.json', template(c)], ['snap.json', snapshot(c)], ...(c.rules ? [['kvpg.yml', c.rules] as [string, string]] : [])]);
  const ports: RunPorts = {
    files: {
      readText: async (path) => files.get(path) ?? Promise.reject(new Error(`no file ${path}`)),
      writeAtomic: async (path, text) => void files.set(path, text),
      writeAll: async (outputs) => outputs.forEach(({ path, text }) => files.set(path, text)),
    },
    log: { info: () => {}, debug: () => {} },
    now: () => new Date('2026-11-26T00:00:00Z'),
  };
  const result = await run({
    mode, templates: ['main.json'], parameterOverrides: {}, subscriptionId: SUB, resourceGroup: 'rg', merge: 'union', excludePrincipals: [],
    inPlace: false, failOn: 'error', concurrency: 1, snapshotIn: 'snap.json', resolveNames: false, ...(c.rules ? { configFile: 'kvpg.yml' } : {}),
  }, ports);
  const model = (f: Finding) => f.code === 'rbac-default' || f.code === 'explicit-permission-model';
  return result.findings.filter(model).map((f) => [f.code, f.level, f.message, f.fix ?? '']);
}

const notice = (reason: string, value: boolean, why: string) => [
  'explicit-permission-model',
  'notice',
  `Vault ${VAULT} leaves "enableRbacAuthorization" implicit: ${reason}. Set it, and the model is the same whether the deployment creates or updates the vault, at any api-version.`,
  `Add this line to the vault's "properties" ("properties" at line 9), ${value} because ${why}:\n  "enableRbacAuthorization": ${value},\n(Bicep: enableRbacAuthorization: ${value})`,
];
const CREATED = 'the deployment creates the vault at api-version 2026-02-01 without enableRbacAuthorization, so it gets Azure RBAC';
const RBAC_DEFAULT = [
  'rbac-default',
  'warning',
  `This deployment creates vault ${VAULT} at api-version 2026-02-01 without "enableRbacAuthorization" with Azure RBAC, so the 1 access policy the template declares is ignored and the principals it names get 403 on the data plane.`,
  'Keep access policies: add "enableRbacAuthorization": false, to the vault\'s properties ("properties" at line 9).\n' +
    'Or use Azure RBAC: set "enableRbacAuthorization": true and give each principal a role assignment on the vault, e.g.\n' +
    `  az role assignment create --assignee-object-id <object-id> --role "Key Vault Secrets User" --scope ${VAULT}`,
];

describe('rbac-default and explicit-permission-model', () => {
  const cases: { name: string; case: Case; expected: string[][] }[] = [
    {
      name: 'a new vault whose template declares access policies gets one fix, rbac-default\'s "false" first, and no notice repeating it',
      case: { live: 'new', policies: [OPS] },
      expected: [RBAC_DEFAULT],
    },
    {
      name: 'a new vault whose role assignments grant every principal its access policies name is told true, without rbac-default',
      case: { live: 'new', policies: [OPS], roles: [OPS] },
      expected: [notice(CREATED, true, "the template's role assignments grant every principal its access policies name")],
    },
    {
      name: 'a new vault whose role assignments leave a declared principal without a role still gets rbac-default alone',
      case: { live: 'new', policies: [OPS], roles: [DEV] },
      expected: [RBAC_DEFAULT],
    },
    {
      name: 'a new vault whose template declares no access policy is told true',
      case: { live: 'new', policies: [] },
      expected: [notice(CREATED, true, 'the template declares no access policy')],
    },
    {
      name: 'a new vault with role assignments and no access policy is told true',
      case: { live: 'new', policies: [], roles: [OPS] },
      expected: [notice(CREATED, true, 'the template declares no access policy')],
    },
    {
      name: 'with rbac-default off, the notice for a new vault declaring access policies says false and why',
      case: { live: 'new', policies: [OPS], rules: 'rules:\n  rbac-default: off\n' },
      expected: [notice(CREATED, false, 'the template declares 1 access policy, which Azure RBAC would ignore')],
    },
    {
      name: 'an existing access-policy vault whose template declares access policies is told false',
      case: { live: 'access policies', policies: [OPS] },
      expected: [notice('the vault exists, so it keeps its access-policy model', false, 'it keeps the model the vault gets today (access policies)')],
    },
    {
      name: 'an existing access-policy vault whose template declares none (inject fills them in) is told false, role assignments or not',
      case: { live: 'access policies', policies: [], roles: [OPS] },
      expected: [notice('the vault exists, so it keeps its access-policy model', false, 'it keeps the model the vault gets today (access policies)')],
    },
    {
      name: 'an existing RBAC vault is told true, even when its template declares access policies',
      case: { live: 'rbac', policies: [OPS] },
      expected: [notice('the vault exists, so it keeps its Azure RBAC model', true, 'it keeps the model the vault gets today (Azure RBAC)')],
    },
    {
      name: 'an existing RBAC vault with role assignments and no access policy is told true',
      case: { live: 'rbac', policies: [], roles: [OPS] },
      expected: [notice('the vault exists, so it keeps its Azure RBAC model', true, 'it keeps the model the vault gets today (Azure RBAC)')],
    },
  ];
  for (const { name, case: c, expected } of cases) {
    it(name, async () => assert.deepEqual(await modelFindings(c), expected));
  }

  it('gives inject the same single fix for a new vault declaring access policies', async () => {
    assert.deepEqual(await modelFindings({ live: 'new', policies: [OPS] }, 'inject'), [RBAC_DEFAULT]);
  });
});
