import assert from 'node:assert/strict';
import { applyChildOperations, unappliedRemovals, type ChildOperation } from '../../../src/core/policy/child-operations.js';
import type { TemplatePolicy } from '../../../src/core/policy/model.js';
import { entry, opaque, resolved } from './entry-builders.js';

const base = [entry('a', { secrets: ['get', 'list'] }), entry('b', { keys: ['get'] })];

function ids(policies: TemplatePolicy[]): [string, object][] {
  return policies.map((p) => (p.kind === 'resolved' ? [p.entry.objectId, p.entry.permissions] : ['opaque', p.permissions ?? {}]));
}

describe('applyChildOperations', () => {
  const cases: { name: string; ops: ChildOperation[]; expected: [string, object][] }[] = [
    {
      name: 'add unions permissions of an existing principal (any case) and appends a new one',
      ops: [{ operation: 'add', policies: [resolved(entry('A', { secrets: ['set'] })), resolved(entry('c', { keys: ['list'] }))] }],
      expected: [['a', { secrets: ['get', 'list', 'set'] }], ['b', { keys: ['get'] }], ['c', { keys: ['list'] }]],
    },
    {
      name: "replace swaps a principal's permissions",
      ops: [{ operation: 'replace', policies: [resolved(entry('a', { certificates: ['get'] }))] }],
      expected: [['a', { certificates: ['get'] }], ['b', { keys: ['get'] }]],
    },
    {
      name: 'remove takes permissions away and keeps the principal while some are left',
      ops: [{ operation: 'remove', policies: [resolved(entry('a', { secrets: ['list'] }))] }],
      expected: [['a', { secrets: ['get'] }], ['b', { keys: ['get'] }]],
    },
    {
      name: 'remove drops the principal when no permission is left',
      ops: [{ operation: 'remove', policies: [resolved(entry('b', { keys: ['GET'] }))] }],
      expected: [['a', { secrets: ['get', 'list'] }]],
    },
    {
      name: 'remove does nothing when the objectId differs in case, as Key Vault does',
      ops: [{ operation: 'remove', policies: [resolved(entry('B', { keys: ['get'] }))] }],
      expected: [['a', { secrets: ['get', 'list'] }], ['b', { keys: ['get'] }]],
    },
    {
      name: 'operations run in order',
      ops: [
        { operation: 'remove', policies: [resolved(entry('b', { keys: ['get'] }))] },
        { operation: 'add', policies: [resolved(entry('b', { keys: ['sign'] }))] },
      ],
      expected: [['a', { secrets: ['get', 'list'] }], ['b', { keys: ['sign'] }]],
    },
    {
      name: 'opaque add entries are appended verbatim',
      ops: [{ operation: 'add', policies: [opaque('[x]', { secrets: ['get'] })] }],
      expected: [['a', { secrets: ['get', 'list'] }], ['b', { keys: ['get'] }], ['opaque', { secrets: ['get'] }]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(ids(applyChildOperations(base, c.ops)), c.expected);
    });
  }

  it('keeps an untouched template entry, rawText included', () => {
    const withText = resolved(entry('a', { secrets: ['get'] }), 'TEXT');
    const result = applyChildOperations([withText], [{ operation: 'add', policies: [resolved(entry('z', {}))] }]);
    assert.equal(result[0], withText);
  });

  it('does not modify the base it is given', () => {
    const copy = structuredClone(base);
    applyChildOperations(base, [{ operation: 'remove', policies: [resolved(entry('a', { secrets: ['get', 'list'] }))] }]);
    assert.deepEqual(base, copy);
  });
});

describe('unappliedRemovals', () => {
  it('lists the opaque entries of remove operations only', () => {
    const o = opaque('[x]');
    assert.deepEqual(unappliedRemovals([{ operation: 'add', policies: [opaque('[y]')] }, { operation: 'remove', policies: [o, resolved(entry('a', {}))] }]), [o]);
  });
});
