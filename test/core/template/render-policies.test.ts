import assert from 'node:assert/strict';
import { renderPolicyArray } from '../../../src/core/template/render-policies.js';
import type { TemplatePolicy } from '../../../src/core/policy/model.js';

const TENANT = '7e000000-0000-4000-8000-000000000001';
const OBJECT = '0b000000-0000-4000-8000-000000000001';

describe('renderPolicyArray with a permission category the spec does not have', () => {
  // As the merge leaves a live entry: the category after the spec ones, its names as Azure spelled them.
  const permissions = { secrets: ['get'], newcategory: ['Get', 'list'] };
  const live: TemplatePolicy = { kind: 'resolved', entry: { tenantId: TENANT, objectId: OBJECT, permissions } };

  it('writes it after the spec categories, names as read, for an entry without template text', () => {
    assert.equal(
      renderPolicyArray([live], { eol: '\n', unit: '  ', base: '' }),
      `[
  {
    "tenantId": "${TENANT}",
    "objectId": "${OBJECT}",
    "permissions": {
      "secrets": [
        "get"
      ],
      "newcategory": [
        "Get",
        "list"
      ]
    }
  }
]`,
    );
  });

  it('writes it in a layout JSON.stringify renders too (no indent unit)', () => {
    assert.equal(
      renderPolicyArray([live], { eol: '\n', unit: '', base: '' }),
      `[\n{"tenantId":"${TENANT}","objectId":"${OBJECT}","permissions":{"secrets":["get"],"newcategory":["Get","list"]}}\n]`,
    );
  });

  it('writes categories the spec does not have in the order read, after the spec ones however they were inserted', () => {
    const entry = { tenantId: TENANT, objectId: OBJECT, permissions: { zeta: ['b'], keys: ['get'], alpha: ['a'] } };
    assert.equal(
      renderPolicyArray([{ kind: 'resolved', entry }], { eol: '\n', unit: '', base: '' }),
      `[\n{"tenantId":"${TENANT}","objectId":"${OBJECT}","permissions":{"keys":["get"],"zeta":["b"],"alpha":["a"]}}\n]`,
    );
  });

  it('adds it to a one-line template entry whose permissions the merge widened, ids kept as written', () => {
    const sourceText = `{ "tenantId": "[subscription().tenantId]", "objectId": "[parameters('appId')]", "permissions": { "secrets": ["get"] } }`;
    const merged: TemplatePolicy = { kind: 'resolved', entry: { tenantId: TENANT, objectId: OBJECT, permissions }, sourceText };
    assert.equal(
      renderPolicyArray([merged], { eol: '\n', unit: '  ', base: '' }),
      `[\n  { "tenantId": "[subscription().tenantId]", "objectId": "[parameters('appId')]", "permissions": { "secrets": ["get"], "newcategory": ["Get", "list"] } }\n]`,
    );
  });

  it('adds it to a multi-line template entry whose permissions the merge widened', () => {
    const sourceText = `{\n    "tenantId": "${TENANT}",\n    "objectId": "${OBJECT}",\n    "permissions": {\n      "secrets": ["get"]\n    }\n  }`;
    const merged: TemplatePolicy = { kind: 'resolved', entry: { tenantId: TENANT, objectId: OBJECT, permissions }, sourceText };
    assert.equal(
      renderPolicyArray([merged], { eol: '\n', unit: '  ', base: '' }),
      `[\n  {\n    "tenantId": "${TENANT}",\n    "objectId": "${OBJECT}",\n    "permissions": {\n      "secrets": [\n        "get"\n      ],\n      "newcategory": [\n        "Get",\n        "list"\n      ]\n    }\n  }\n]`,
    );
  });
});
