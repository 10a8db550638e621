import assert from 'node:assert/strict';
import { GUIDANCE } from '../../../src/core/guidance/index.js';
import { renderGuidanceTable, renderRulesTable } from '../../../src/core/report/index.js';
import { RULE_IDS } from '../../../src/core/rules/index.js';

describe('renderGuidanceTable', () => {
  it('has one row per guidance code with its cause, fix and help link', () => {
    const rows = renderGuidanceTable().trimEnd().split('\n').slice(2);
    assert.equal(rows.length, Object.keys(GUIDANCE).length);
    assert.ok(rows.includes(
      '| `KVPG403-READ` | error | The deploying identity cannot read the vault | Grant `Microsoft.KeyVault/vaults/read` on the vault, e.g. the Reader role (`az role assignment create`). | [rest-error-codes#http-403-insufficient-permissions](https://learn.microsoft.com/azure/key-vault/general/rest-error-codes#http-403-insufficient-permissions) |',
    ));
  });
});

describe('renderRulesTable', () => {
  it('has one row per rule with its default level and link', () => {
    const rows = renderRulesTable().trimEnd().split('\n').slice(2);
    assert.equal(rows.length, RULE_IDS.length);
    assert.equal(rows[0], '| `no-removal` | error | The deployment would remove principals or permissions the vault has now | [troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies](https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies) |');
  });
});
