import assert from 'node:assert/strict';
import { firstSyntaxErrorAfterEdits } from '../../../src/core/template/edited-syntax.js';
import { firstSyntaxError, parseJsoncText } from '../../../src/core/template/jsonc-document.js';
import { applyTextEdits, type TextEdit } from '../../../src/core/template/text-edits.js';

/** An edit that replaces the first occurrence of `find` (after `after`, when given) with `content`. */
function at(text: string, find: string, content: string, after = ''): TextEdit {
  const offset = text.indexOf(find, text.indexOf(after) + after.length);
  assert.ok(offset >= 0, `${find} is in the text`);
  return { offset, length: find.length, content };
}

const POLICIES = '{\n  "resources": [\n    { "properties": { "accessPolicies": [\n      { "objectId": "a" },\n      { "objectId": "b" }\n    ] } }\n  ]\n}';
const JSONC = '{\n  // vaults\n  "resources": [\n    { "properties": { "accessPolicies": [ { "objectId": "a" }, /* kept */ ], }, },\n  ],\n}';

describe('firstSyntaxErrorAfterEdits', () => {
  const cases: { name: string; text: string; edits: (text: string) => TextEdit[]; parses: boolean }[] = [
    { name: 'accepts an entry appended to a list of policies', text: POLICIES, edits: (t) => [{ offset: t.indexOf('"b" }') + 5, length: 0, content: ',\n      { "objectId": "c" }' }], parses: true },
    { name: 'finds a missing comma before an appended entry', text: POLICIES, edits: (t) => [{ offset: t.indexOf('"b" }') + 5, length: 0, content: '\n      { "objectId": "c" }' }], parses: false },
    { name: 'finds a broken entry among untouched ones', text: POLICIES, edits: (t) => [at(t, '"b"', '"b"]')], parses: false },
    { name: 'accepts a replaced value that is valid', text: POLICIES, edits: (t) => [at(t, '"a"', '{"x": [1, 2]}')], parses: true },
    { name: 'finds a broken replacement of the whole document', text: POLICIES, edits: (t) => [{ offset: 0, length: t.length, content: '{"resources": [}' }], parses: false },
    { name: 'accepts edits in nested containers checked together', text: POLICIES, edits: (t) => [at(t, '"a"', '"a2"'), { offset: t.lastIndexOf(']'), length: 0, content: ', {}' }], parses: true },
    { name: 'finds a bracket one edit removes while another edits inside', text: '[[1], [2, 3]]', edits: (t) => [at(t, '1]', '1'), at(t, '3', '4')], parses: false },
    { name: 'accepts edits that move a boundary between members', text: '[[1], [2]]', edits: (t) => [at(t, '], [', ', ')], parses: true },
    { name: 'finds a missing comma where an entry is inserted between untouched ones', text: POLICIES, edits: (t) => [{ offset: t.indexOf('"a" }') + 5, length: 0, content: ' { "objectId": "c" }' }], parses: false },
    { name: 'accepts an entry inserted between untouched ones', text: POLICIES, edits: (t) => [{ offset: t.indexOf('"a" }') + 5, length: 0, content: ', { "objectId": "c" }' }], parses: true },
    { name: 'finds a removal that leaves two commas between untouched members', text: '{"a": 1, "b": 2, "c": 3}', edits: (t) => [at(t, '"b": 2', '')], parses: false },
    { name: 'keeps comments and trailing commas acceptable', text: JSONC, edits: (t) => [{ offset: t.indexOf('"a" }') + 5, length: 0, content: ', { "objectId": "b" }' }], parses: true },
    { name: 'finds an error next to a comment', text: JSONC, edits: (t) => [at(t, '/* kept */', '/* kept */ :')], parses: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const doc = parseJsoncText('t.json', c.text);
      const edits = c.edits(c.text);
      const output = applyTextEdits(c.text, edits);
      const found = firstSyntaxErrorAfterEdits(doc.root, c.text, edits, output);
      assert.equal(found === undefined, c.parses, `the output ${c.parses ? 'parses' : 'does not parse'}: ${output}`);
      // Whatever the regions say, the answer is the whole output's.
      assert.deepEqual(found, firstSyntaxError(output));
    });
  }
});
