import assert from 'node:assert/strict';
import { sharedVaults, type SharedVault } from '../../../src/core/policy/shared-vaults.js';
import type { TemplatePolicy } from '../../../src/core/policy/model.js';
import type { PlannedVault } from '../../../src/core/types.js';
import { entry, opaque, resolved, TENANT, VAULT } from './entry-builders.js';

const LIVE = 'aaaaaaaa-1111-4111-8111-111111111111';
const OF_A = 'cccccccc-3333-4333-8333-333333333333';
const OF_B = 'dddddddd-4444-4444-8444-444444444444';

function vault(file: string, templatePolicies: TemplatePolicy[] | undefined, extra: Partial<PlannedVault> = {}): PlannedVault {
  return { id: VAULT, resolved: true, rbac: false, location: { file, line: 5, column: 5 }, path: ['resources', 0], accessPoliciesForm: 'literal-array', templatePolicies, tenantId: TENANT, injectable: true, ...extra };
}

/** Per resource: `file` and the object ids it takes, deployed last, with what each loses. */
const takes = (shared: SharedVault) => shared.lastWins.map((w) => [w.resource.location.file, w.losing.map((p) => [p.objectId, p.change, p.removed])]);

describe('sharedVaults', () => {
  const a = vault('a.json', [resolved(entry(OF_A, { secrets: ['get'] }))]);
  const b = vault('b.json', [resolved(entry(OF_B, { secrets: ['get'] }))], { id: VAULT.toUpperCase() });

  it('finds a vault two templates deploy, its id compared case-insensitively, and what each takes from the other deployed last', () => {
    const [shared, ...more] = sharedVaults([a, b]);
    assert.equal(more.length, 0);
    assert.deepEqual(shared!.resources, [a, b]);
    assert.deepEqual(takes(shared!), [
      ['a.json', [[OF_B, 'removed', { secrets: ['get'] }]]],
      ['b.json', [[OF_A, 'removed', { secrets: ['get'] }]]],
    ]);
    assert.deepEqual(shared!.unknown, []);
  });

  it('compares what each deployment leaves when given (the merged lists), not what the templates declare', () => {
    // Live: LIVE, and OF_A already granted. inject merges both into each template's list, so only OF_B is at risk.
    const live = [resolved(entry(LIVE, { secrets: ['get', 'list'] })), resolved(entry(OF_A, { secrets: ['get'] }))];
    const deployed = new Map([[a, live], [b, [...live, ...b.templatePolicies!]]]);
    assert.deepEqual(takes(sharedVaults([a, b], deployed)[0]!), [
      ['a.json', [[OF_B, 'removed', { secrets: ['get'] }]]],
      ['b.json', []],
    ]);
  });

  it('counts a permission only the other template grants as taken, and lists agreeing on everything as taking nothing', () => {
    const wide = vault('b.json', [resolved(entry(OF_A, { secrets: ['get', 'list'] }))]);
    assert.deepEqual(takes(sharedVaults([a, wide])[0]!), [
      ['a.json', [[OF_A, 'changed', { secrets: ['list'] }]]],
      ['b.json', []],
    ]);
    assert.deepEqual(takes(sharedVaults([a, vault('b.json', [resolved(entry(OF_A.toUpperCase(), { secrets: ['GET'] }))])])[0]!), [
      ['a.json', []],
      ['b.json', []],
    ]);
  });

  it('applies each resource\'s accessPolicies children to its declared list', () => {
    const child = { operation: 'add' as const, policies: [resolved(entry(OF_B, { secrets: ['get'] }))], location: { file: 'a.json', line: 20, column: 5 } };
    assert.deepEqual(takes(sharedVaults([vault('a.json', a.templatePolicies, { childOperations: [child] }), b])[0]!), [
      ['a.json', []],
      ['b.json', [[OF_A, 'removed', { secrets: ['get'] }]]],
    ]);
  });

  it('leaves out a vault one template deploys, two vaults of one template, other vaults and unresolved ones', () => {
    const other = vault('b.json', [], { id: `${VAULT}-2` });
    const unresolved = vault('b.json', undefined, { resolved: false, id: "[parameters('name')]" });
    assert.deepEqual(sharedVaults([a, other, unresolved]), []);
    assert.deepEqual(sharedVaults([a, vault('a.json', b.templatePolicies)]), []);
    assert.deepEqual(sharedVaults([vault('a.json', [], { rbac: true }), vault('b.json', [], { rbac: true })]), []);
  });

  it('names the resources it cannot compare (RBAC, a list not known offline, one the comparison skipped) and leaves their principals out', () => {
    const rbac = vault('c.json', [], { rbac: true });
    const computed = vault('d.json', undefined);
    const [shared] = sharedVaults([a, b, rbac, computed]);
    assert.deepEqual(shared!.unknown, [rbac, computed]);
    assert.deepEqual(takes(shared!), [
      ['a.json', [[OF_B, 'removed', { secrets: ['get'] }]]],
      ['b.json', [[OF_A, 'removed', { secrets: ['get'] }]]],
    ]);
    assert.deepEqual(sharedVaults([a, b], new Map([[a, a.templatePolicies!]]))[0]!.unknown, [b]);
  });

  it('does not count a principal an expression names as taken: it cannot be matched', () => {
    const [shared] = sharedVaults([a, vault('b.json', [...a.templatePolicies!, opaque("[reference('app').principalId]", { secrets: ['get'] })])]);
    assert.deepEqual(takes(shared!), [
      ['a.json', []],
      ['b.json', []],
    ]);
  });
});
