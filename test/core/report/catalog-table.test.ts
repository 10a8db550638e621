import assert from 'node:assert/strict';
import { GUIDANCE } from '../../../src/core/guidance/index.js';
import { renderCatalogTable } from '../../../src/core/report/index.js';
import { RULE_IDS } from '../../../src/core/rules/index.js';

describe('renderCatalogTable', () => {
  it('has one row per rule and guidance code, linked to its help page', () => {
    const rows = renderCatalogTable().trimEnd().split('\n').slice(2);
    assert.equal(rows.length, RULE_IDS.length + Object.keys(GUIDANCE).length);
    assert.equal(rows[0], '| [`no-removal`](https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies) | error | The deployment would remove principals or permissions the vault has now |');
    assert.ok(rows.includes('| [`KVPG403-READ`](https://learn.microsoft.com/azure/key-vault/general/rest-error-codes#http-403-insufficient-permissions) | error | The deploying identity cannot read the vault |'));
  });
});
