import assert from 'node:assert/strict';
import { mergePolicies } from '../../../src/core/policy/merge-policies.js';
import type { TemplatePolicy } from '../../../src/core/policy/model.js';
import type { MergeStrategy } from '../../../src/core/types.js';
import { entry, opaque, resolved, VAULT } from './entry-builders.js';

const templateA = resolved(entry('a', { secrets: ['get'] }), '{ "objectId": "a" }');
const liveA = entry('A', { secrets: ['list'], keys: ['get'] });
const liveB = entry('b', { certificates: ['get'] });

function merge(template: TemplatePolicy[], strategy?: MergeStrategy, excludePrincipals: string[] = []) {
  return mergePolicies({ vaultId: VAULT, template, live: [liveA, liveB], strategy, excludePrincipals }).policies;
}

describe('mergePolicies', () => {
  const strategies: { strategy: MergeStrategy | undefined; a: object }[] = [
    { strategy: undefined, a: { keys: ['get'], secrets: ['get', 'list'] } },
    { strategy: 'union', a: { keys: ['get'], secrets: ['get', 'list'] } },
    { strategy: 'live-wins', a: { keys: ['get'], secrets: ['list'] } },
    { strategy: 'template-wins', a: { secrets: ['get'] } },
  ];
  for (const { strategy, a } of strategies) {
    it(`gives a shared principal the ${strategy ?? 'default (union)'} permissions and still carries over live-only ones`, () => {
      const result = merge([templateA], strategy);
      assert.deepEqual(result, [
        // Unchanged entries keep their text; changed ones keep it as the source whose permissions are rewritten.
        { kind: 'resolved', entry: entry('a', a as never), ...(strategy === 'template-wins' ? { rawText: '{ "objectId": "a" }' } : { sourceText: '{ "objectId": "a" }' }) },
        { kind: 'resolved', entry: liveB },
      ]);
    });
  }

  it('keeps the template spelling of a shared principal', () => {
    const first = merge([templateA])[0];
    assert.equal(first?.kind === 'resolved' && first.entry.objectId, 'a');
  });

  it('keeps rawText only for entries the merge leaves unchanged, and the text of changed ones as sourceText', () => {
    const same = resolved(entry('b', { certificates: ['GET'] }), 'B-TEXT');
    const result = merge([templateA, same]);
    assert.equal(result[0]!.kind === 'resolved' && result[0]!.rawText, undefined);
    assert.equal(result[0]!.kind === 'resolved' && result[0]!.sourceText, '{ "objectId": "a" }');
    assert.deepEqual(result[1], { kind: 'resolved', entry: entry('b', { certificates: ['get'] }), rawText: 'B-TEXT' });
    assert.equal(result.length, 2);
  });

  it('puts template entries first in template order, then live-only principals in live order', () => {
    const c = resolved(entry('c', { keys: ['list'] }));
    const result = mergePolicies({ vaultId: VAULT, template: [c, templateA], live: [liveB, entry('d', {}), liveA] }).policies;
    assert.deepEqual(result.map((p) => p.kind === 'resolved' && p.entry.objectId), ['c', 'a', 'b', 'd']);
  });

  it('keeps opaque entries verbatim in place and never matches them to live principals', () => {
    const o = opaque("[reference('id').principalId]", { secrets: ['get'] });
    const result = merge([o, templateA], 'template-wins');
    assert.equal(result[0], o);
    assert.equal(result.length, 3);
    assert.deepEqual(result[2], { kind: 'resolved', entry: liveB });
  });

  it('folds a duplicate template identity into the first occurrence', () => {
    const dup = resolved(entry('A', { storage: ['get'] }), 'DUP');
    const result = mergePolicies({ vaultId: VAULT, template: [templateA, dup], live: [], strategy: 'template-wins' }).policies;
    assert.deepEqual(result, [{ kind: 'resolved', entry: entry('a', { secrets: ['get'], storage: ['get'] }), sourceText: '{ "objectId": "a" }', unchangedCategories: ['secrets'] }]);
  });

  it('drops an excluded live principal whatever the case of its objectId', () => {
    const result = merge([], 'union', ['B']);
    assert.deepEqual(result.map((p) => p.kind === 'resolved' && p.entry.objectId), ['A']);
  });

  it('keeps an excluded principal the template declares, without live permissions', () => {
    const result = merge([templateA], 'union', ['a']);
    assert.deepEqual(result[0], templateA);
  });

  it('folds repeated live entries of one principal', () => {
    const result = mergePolicies({ vaultId: VAULT, template: [], live: [liveB, entry('B', { certificates: ['list'] })] }).policies;
    assert.deepEqual(result, [{ kind: 'resolved', entry: entry('b', { certificates: ['get', 'list'] }) }]);
  });

  it('changes nothing when merged again with the same live set', () => {
    for (const strategy of ['union', 'live-wins', 'template-wins'] as const) {
      const once = merge([templateA, opaque('[x]')], strategy);
      assert.deepEqual(merge(once, strategy), once);
    }
  });

  it('rejects a result over 1024 principals', () => {
    const live = Array.from({ length: 1024 }, (_, i) => entry(`live-${i}`, {}));
    assert.throws(() => mergePolicies({ vaultId: VAULT, template: [resolved(entry('new', {}))], live }), { code: 'KVPG-POLICY-LIMIT' });
  });

  it('carries a live permission name the spec does not know as Azure spelled it, matching it case-insensitively', () => {
    const live = [entry('app', { keys: ['get', 'Attest'] })];
    const [merged] = mergePolicies({ vaultId: VAULT, template: [resolved(entry('app', { keys: ['list'] }))], live: [...live, entry('APP', { keys: ['ATTEST'] })] }).policies;
    assert.deepEqual(merged!.kind === 'resolved' && merged!.entry.permissions, { keys: ['get', 'list', 'Attest'] });
  });

  it('lets all cover every live permission of its category, so the template entry stays as written', () => {
    const template = { ...resolved(entry('app', { keys: ['all'], secrets: ['all'] })), rawText: 'AS WRITTEN' };
    const live = [entry('app', { keys: ['Get'], secrets: ['Get', 'List', 'Attest'] })];
    assert.deepEqual(mergePolicies({ vaultId: VAULT, template: [template], live }).policies, [template]);
  });

  describe('a live category the spec does not have', () => {
    const live = [entry('a', { secrets: ['list'], newcategory: ['Get'] }), entry('b', { newcategory: ['get'] })];
    const template = [resolved(entry('a', { secrets: ['get'] }), '{ "objectId": "a" }')];
    const mergeWith = (strategy?: MergeStrategy) => mergePolicies({ vaultId: VAULT, template, live, strategy }).policies;

    for (const strategy of [undefined, 'union', 'live-wins'] as const) {
      it(`is kept, as read, for a shared principal (${strategy ?? 'default'})`, () => {
        const expected = strategy === 'live-wins' ? { secrets: ['list'], newcategory: ['Get'] } : { secrets: ['get', 'list'], newcategory: ['Get'] };
        assert.deepEqual(mergeWith(strategy)[0], { kind: 'resolved', entry: entry('a', expected), sourceText: '{ "objectId": "a" }' });
      });
    }

    it('is dropped with the rest of the live grants under template-wins, as any live permission is', () => {
      assert.deepEqual(mergeWith('template-wins')[0], template[0]);
    });

    it('is carried over for a live-only principal holding nothing else', () => {
      assert.deepEqual(mergeWith()[1], { kind: 'resolved', entry: entry('b', { newcategory: ['get'] }) });
    });
  });
});
