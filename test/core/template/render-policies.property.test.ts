import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderPolicyArray } from '../../../src/core/template/render-policies.js';
import type { AccessPolicyEntry, TemplatePolicy } from '../../../src/core/policy/model.js';

const CATEGORIES = ['keys', 'secrets', 'certificates', 'storage'] as const;

/** Ids and names with what JSON must escape (quotes, backslashes, control and non-ASCII characters). */
const text = fc.string({ unit: fc.constantFrom('a', 'F', '0', '-', '"', '\\', '\n', '\t', '\u0001', 'é', '\u2028', '😀'), maxLength: 12 });
const entry: fc.Arbitrary<AccessPolicyEntry> = fc.record(
  {
    tenantId: text,
    objectId: text,
    applicationId: fc.option(text, { nil: undefined }),
    permissions: fc.record(Object.fromEntries(CATEGORIES.map((c) => [c, fc.array(text, { maxLength: 4 })])), { requiredKeys: [] }),
  },
  { requiredKeys: ['tenantId', 'objectId', 'permissions'] },
);
const layout = fc.record({
  eol: fc.constantFrom('\n', '\r\n'),
  unit: fc.constantFrom(' ', '  ', '    ', '\t', '\t\t', ' '.repeat(10), ' '.repeat(12), ''),
  base: fc.constantFrom('', '  ', '\t\t', '      '),
});

/**
 * The text an entry without template text gets, by the rule the renderer follows: JSON.stringify of
 * {tenantId, objectId, applicationId (when not empty), permissions (non-empty categories in model order)} at the
 * template's indent unit, each line break followed by the array's entry indentation.
 */
function oracle(entries: readonly AccessPolicyEntry[], l: { eol: string; unit: string; base: string }): string {
  if (entries.length === 0) return '[]';
  const indent = l.base + l.unit;
  const one = (e: AccessPolicyEntry) => {
    const plain: Record<string, unknown> = { tenantId: e.tenantId, objectId: e.objectId };
    if (e.applicationId) plain.applicationId = e.applicationId;
    plain.permissions = Object.fromEntries(CATEGORIES.filter((c) => (e.permissions[c]?.length ?? 0) > 0).map((c) => [c, e.permissions[c]]));
    return JSON.stringify(plain, null, l.unit).split('\n').join(l.eol + indent);
  };
  return `[${l.eol}${indent}${entries.map(one).join(`,${l.eol}${indent}`)}${l.eol}${l.base}]`;
}

describe('renderPolicyArray for entries without template text', () => {
  it('writes what JSON.stringify writes at the template indent, for any ids, names and layout (2000 runs)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 3 }), layout, (entries, l) => {
        const policies = entries.map((e): TemplatePolicy => ({ kind: 'resolved', entry: e }));
        assert.equal(renderPolicyArray(policies, l), oracle(entries, l));
      }),
      { numRuns: 2000 },
    );
  });
});
