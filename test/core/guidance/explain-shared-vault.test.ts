import assert from 'node:assert/strict';
import { explainSharedVault } from '../../../src/core/guidance/index.js';
import { sharedVaults } from '../../../src/core/policy/shared-vaults.js';
import type { TemplatePolicy } from '../../../src/core/policy/model.js';
import type { PlannedVault } from '../../../src/core/types.js';
import { entry, resolved, TENANT, VAULT } from '../policy/entry-builders.js';

const OF_A = 'cccccccc-3333-4333-8333-333333333333';
const OF_B = 'dddddddd-4444-4444-8444-444444444444';
const FIX_TAIL = 'If they deploy to different resource groups or subscriptions, run keyvault-policy-guard once per target.';

function vault(file: string, line: number, templatePolicies: TemplatePolicy[] | undefined, extra: Partial<PlannedVault> = {}): PlannedVault {
  return { id: VAULT, resolved: true, rbac: false, location: { file, line, column: 5 }, path: ['resources', 0], accessPoliciesForm: 'literal-array', templatePolicies, tenantId: TENANT, injectable: true, ...extra };
}
const explain = (vaults: PlannedVault[]) => explainSharedVault(sharedVaults(vaults)[0]!);

describe('explainSharedVault', () => {
  const a = vault('a.json', 5, [resolved(entry(OF_A, { secrets: ['get'] }))]);
  const b = vault('b.json', 9, [resolved(entry(OF_B, { secrets: ['get'] }))]);

  it('is an error at the first template\'s vault naming both templates and what each, deployed last, takes from the other', () => {
    const f = explain([a, b]);
    assert.deepEqual([f.code, f.level, f.vaultId, f.location], ['KVPG-VAULT-SEVERAL-TEMPLATES', 'error', VAULT, a.location]);
    assert.equal(f.message, [
      `Vault ${VAULT} is deployed by 2 templates (a.json:5, b.json:9). Each deployment replaces the vault's whole access policy list, so the template deployed last decides who keeps access:`,
      `- deployed last, a.json:5 takes away what only the other template grants: ${OF_B} loses all access (secrets: get)`,
      `- deployed last, b.json:9 takes away what only the other template grants: ${OF_A} loses all access (secrets: get)`,
    ].join('\n'));
    assert.equal(f.fix, `Deploy the vault from one of a.json, b.json only (move the other access policies into it), or declare the same principals in both. ${FIX_TAIL}`);
  });

  it('is a warning when the lists agree, saying the order takes no one\'s access away', () => {
    const f = explain([a, vault('b.json', 9, a.templatePolicies)]);
    assert.equal(f.level, 'warning');
    assert.equal(f.message.split('\n')[1], "Their access policy lists grant the same principals the same permissions, so the order takes no one's access away.");
  });

  it('is a warning naming what it cannot compare, and speaks of the other templates when three deploy the vault', () => {
    const f = explain([a, vault('b.json', 9, undefined), vault('c.json', 2, [], { rbac: true })]);
    assert.equal(f.level, 'warning');
    assert.equal(f.message.split('\n').slice(1).join('\n'), 'Not compared: b.json:9 (its accessPolicies are not known offline), c.json:2 (Azure RBAC).');
    assert.equal(f.fix, `Deploy the vault from one of a.json, b.json, c.json only (move the other access policies into it), or declare the same principals in every one of them. ${FIX_TAIL}`);
    const three = explain([a, b, vault('c.json', 2, [...a.templatePolicies!, ...b.templatePolicies!])]);
    assert.deepEqual(three.message.split('\n').slice(1), [
      `- deployed last, a.json:5 takes away what only the other templates grant: ${OF_B} loses all access (secrets: get)`,
      `- deployed last, b.json:9 takes away what only the other templates grant: ${OF_A} loses all access (secrets: get)`,
    ]);
  });
});
