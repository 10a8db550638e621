import assert from 'node:assert/strict';
import { diffPolicies, losesAccess } from '../../../src/core/policy/diff-policies.js';
import { entry, opaque, resolved, VAULT } from './entry-builders.js';

describe('diffPolicies', () => {
  const before = [
    entry('gone', { secrets: ['get'] }),
    entry('Loses', { secrets: ['get', 'list'], keys: ['sign'] }),
    entry('gains', { secrets: ['get'] }),
    entry('same', { keys: ['get'] }),
  ];
  const after = [
    resolved(entry('new', { certificates: ['list'] })),
    resolved(entry('loses', { secrets: ['GET'] })),
    resolved(entry('gains', { secrets: ['get', 'set'] })),
    resolved(entry('same', { keys: ['Get'] })),
  ];
  const diff = diffPolicies({ vaultId: VAULT, before, after, location: { file: 't.json', line: 3, column: 5 } });

  const expected: [string, string, object, object][] = [
    ['gone', 'removed', { secrets: ['get'] }, {}],
    ['Loses', 'changed', { keys: ['sign'], secrets: ['list'] }, {}],
    ['gains', 'changed', {}, { secrets: ['set'] }],
    ['same', 'unchanged', {}, {}],
    ['new', 'added', {}, { certificates: ['list'] }],
  ];
  for (const [objectId, change, removed, added] of expected) {
    it(`reports principal "${objectId}" as ${change} with the permissions it loses and gains`, () => {
      const p = diff.principals.find((x) => x.objectId === objectId);
      assert.ok(p, `no entry for ${objectId}`);
      assert.equal(p.change, change);
      assert.deepEqual(p.removed, removed);
      assert.deepEqual(p.added, added);
    });
  }

  it('lists before principals in before order, then new ones', () => {
    assert.deepEqual(diff.principals.map((p) => p.objectId), ['gone', 'Loses', 'gains', 'same', 'new']);
  });

  it('counts principals removed entirely plus principals that lose a permission', () => {
    assert.equal(diff.removedCount, 2);
  });

  it('keeps the vault id and location', () => {
    assert.equal(diff.vaultId, VAULT);
    assert.deepEqual(diff.location, { file: 't.json', line: 3, column: 5 });
  });

  it('records the full before and after permissions of a changed principal', () => {
    const p = diff.principals[1]!;
    assert.deepEqual(p.before, { keys: ['sign'], secrets: ['get', 'list'] });
    assert.deepEqual(p.after, { secrets: ['get'] });
  });

  it('counts an opaque entry as added and does not let it hide a removal', () => {
    const d = diffPolicies({ vaultId: VAULT, before: [entry('x', { secrets: ['get'] })], after: [opaque("[reference('mi').principalId]", { secrets: ['get'] })] });
    assert.deepEqual(d.principals.map((p) => [p.objectId, p.change]), [
      ['x', 'removed'],
      ["[reference('mi').principalId]", 'added'],
    ]);
    assert.deepEqual(d.principals[1]!.added, { secrets: ['get'] });
    assert.equal(d.removedCount, 1);
  });

  it('names an opaque entry whose text it cannot read as unresolved', () => {
    const d = diffPolicies({ vaultId: VAULT, before: [], after: [{ kind: 'opaque', rawText: "[variables('p')[0]]", reason: 'expression' }] });
    assert.equal(d.principals[0]!.objectId, '(unresolved)');
    assert.deepEqual(d.principals[0]!.after, {});
  });

  it('treats a principal with an application id as different from one without', () => {
    const d = diffPolicies({ vaultId: VAULT, before: [entry('o', { keys: ['get'] })], after: [resolved(entry('o', { keys: ['get'] }, { applicationId: 'app' }))] });
    assert.deepEqual(d.principals.map((p) => p.change), ['removed', 'added']);
    assert.equal(d.principals[1]!.applicationId, 'app');
  });

  it('reports nothing removed when after equals before', () => {
    const d = diffPolicies({ vaultId: VAULT, before, after: before.map((e) => resolved(e)) });
    assert.equal(d.removedCount, 0);
    assert.ok(d.principals.every((p) => p.change === 'unchanged'));
  });

  it('merges duplicate after entries of one principal before comparing', () => {
    const d = diffPolicies({
      vaultId: VAULT,
      before: [entry('o', { keys: ['get', 'list'] })],
      after: [resolved(entry('o', { keys: ['get'] })), resolved(entry('O', { keys: ['list'] }))],
    });
    assert.deepEqual(d.principals.map((p) => p.change), ['unchanged']);
  });
});

describe('losesAccess', () => {
  const d = diffPolicies({
    vaultId: VAULT,
    before: [entry('gone', { secrets: ['get'] }), entry('narrowed', { secrets: ['get', 'list'] }), entry('widened', { keys: ['get'] }), entry('same', { keys: ['get'] })],
    after: [resolved(entry('narrowed', { secrets: ['get'], keys: ['get'] })), resolved(entry('widened', { keys: ['get', 'list'] })), resolved(entry('same', { keys: ['get'] })), resolved(entry('new', { keys: ['get'] }))],
  });

  it('is true for a principal removed or losing one permission, false for one that only gains or keeps', () => {
    assert.deepEqual(d.principals.map((p) => [p.objectId, losesAccess(p)]), [['gone', true], ['narrowed', true], ['widened', false], ['same', false], ['new', false]]);
  });
});

describe('diffPolicies on a live category the spec does not have', () => {
  const before = [
    entry('loses', { secrets: ['get'], newcategory: ['Get', 'list'] }),
    entry('keeps', { newcategory: ['get'] }),
    entry('gone', { newcategory: ['get'] }),
  ];
  const after = [
    resolved(entry('loses', { secrets: ['get'], newcategory: ['list'] })),
    resolved(entry('keeps', { NewCategory: ['GET'] })),
  ];
  const diff = diffPolicies({ vaultId: VAULT, before, after });

  it('reports a principal losing one of its names as changed, losing it', () => {
    const p = diff.principals.find((x) => x.objectId === 'loses')!;
    assert.deepEqual([p.change, p.removed, p.added, losesAccess(p)], ['changed', { newcategory: ['Get'] }, {}, true]);
  });

  it('compares the category and its names case-insensitively', () => {
    const p = diff.principals.find((x) => x.objectId === 'keeps')!;
    assert.deepEqual([p.change, p.removed, p.added], ['unchanged', {}, {}]);
  });

  it('reports a principal holding only that category as removed when the deployment drops it', () => {
    const p = diff.principals.find((x) => x.objectId === 'gone')!;
    assert.deepEqual([p.change, p.removed, losesAccess(p)], ['removed', { newcategory: ['get'] }, true]);
  });

  it('counts both losses', () => {
    assert.equal(diff.removedCount, 2);
  });
});
