// What a migrated host-world template must look like, written from the README ("Moving to Azure RBAC") and ARM's
// roleAssignments shape (rest-examples/authorization), not from the code that writes it.
import assert from 'node:assert/strict';
import { parse, type ParseError } from 'jsonc-parser';

/** Built-in role GUIDs, typed by hand from Microsoft's built-in-roles page (Security: Key Vault). */
export const ROLES = {
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  cryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  certificateUser: 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
};

type Resource = { type: string; name: string; scope?: string; dependsOn?: string[]; properties: Record<string, unknown> };
export interface MigratedTemplate {
  resources: Resource[];
  vault: Resource;
  /** objectIds of the vault's accessPolicies, in template order. */
  policyIds: string[];
}

export function migratedTemplate(text: string): MigratedTemplate {
  const errors: ParseError[] = [];
  const doc = parse(text, errors) as { resources: Resource[] };
  assert.deepEqual(errors, [], 'the written template parses');
  const vault = doc.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!;
  const policyIds = (vault.properties.accessPolicies as { objectId: string }[]).map((p) => p.objectId);
  return { resources: doc.resources, vault, policyIds };
}

/** TEMPLATE names its vault `[parameters('vaultName')]`: the id every assignment is scoped to and depends on. */
const VAULT_ID = "resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))";

/** Each role assignment as [principalId, role GUID], sorted, after checking its name, scope, dependsOn and role id. */
export function roleAssignmentsOf(template: MigratedTemplate): [string, string][] {
  const pairs: [string, string][] = [];
  for (const a of template.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')) {
    const principal = String(a.properties.principalId);
    const role = /^\[subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', '([0-9a-f-]{36})'\)\]$/.exec(String(a.properties.roleDefinitionId))?.[1];
    assert.ok(role, `roleDefinitionId ${String(a.properties.roleDefinitionId)}`);
    assert.equal(a.name, `[guid(${VAULT_ID}, '${principal}', '${role}')]`);
    assert.equal(a.scope, `[${VAULT_ID}]`);
    assert.deepEqual(a.dependsOn, [`[${VAULT_ID}]`]);
    pairs.push([principal, role]);
  }
  return pairs.sort();
}
