import assert from 'node:assert/strict';
import { actionMatches, ALL_ROLES, grantedDataActions, KEY_VAULT_ROLES, roleById } from '../../../src/core/migrate/role-catalog.js';

describe('Key Vault role catalog', () => {
  it('holds the eleven built-in roles with the GUIDs of the built-in-roles page', () => {
    const expected: Record<string, string> = {
      'Key Vault Administrator': '00482a5a-887f-4fb3-b363-3b7fe8e74483',
      'Key Vault Reader': '21090545-7ca7-4776-b22c-e363652d74d2',
      'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
      'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
      'Key Vault Crypto Officer': '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
      'Key Vault Crypto User': '12338af0-0e69-4776-bea7-57ae8d297424',
      'Key Vault Crypto Service Encryption User': 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
      'Key Vault Crypto Service Release User': '08bbd89e-9f13-488c-ac41-acfcb10c90ab',
      'Key Vault Certificates Officer': 'a4417e6f-fecd-4de8-b567-7b0420556985',
      'Key Vault Certificate User': 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
      'Key Vault Purge Operator': 'a68e7c17-0ab2-4c09-9a58-125dae29748c',
    };
    assert.deepEqual(Object.fromEntries(ALL_ROLES.map((r) => [r.name, r.id])), expected);
  });

  it('matches ARM wildcards across segments and case-insensitively', () => {
    assert.ok(actionMatches('Microsoft.KeyVault/vaults/secrets/*', 'Microsoft.KeyVault/vaults/secrets/getSecret/action'));
    assert.ok(actionMatches('Microsoft.KeyVault/vaults/*/read', 'microsoft.keyvault/vaults/keys/read'));
    assert.ok(!actionMatches('Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'));
    assert.ok(!actionMatches('Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/readx'));
  });

  it('finds a role by GUID or by full roleDefinitions id', () => {
    assert.equal(roleById('/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/4633458B-17DE-408A-B874-0445C86B69E6')?.name, 'Key Vault Secrets User');
    assert.equal(roleById('00000000-0000-0000-0000-000000000000'), undefined);
  });

  it('gives Purge Operator no data action and Reader no secret value', () => {
    assert.deepEqual(grantedDataActions(KEY_VAULT_ROLES.purgeOperator), []);
    assert.ok(!grantedDataActions(KEY_VAULT_ROLES.reader).some((a) => a.endsWith('getSecret/action')));
    assert.ok(grantedDataActions(KEY_VAULT_ROLES.certificateUser).some((a) => a.endsWith('getSecret/action')));
  });
});
