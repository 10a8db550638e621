import assert from 'node:assert/strict';
import { parseJsoncText } from '../../../src/core/template/jsonc-document.js';
import { applyTextEdits, insertProperty, removeArrayElement, replaceNode } from '../../../src/core/template/text-edits.js';

describe('replaceNode', () => {
  const text = '{"list": [\n  1,\n  2 // two\n]}';
  const list = () => parseJsoncText('t.json', text).root.children![0]!.children![1]!;
  const cases: { name: string; content: string; edit: { offset: number; length: number; content: string } }[] = [
    { name: 'inserts only what is added after the last element', content: '[\n  1,\n  2, 3 // two\n]', edit: { offset: text.indexOf('2') + 1, length: 0, content: ', 3' } },
    { name: 'replaces the whole node when an element changes', content: '[\n  1,\n  4, 3 // two\n]', edit: { offset: text.indexOf('['), length: text.lastIndexOf(']') + 1 - text.indexOf('['), content: '[\n  1,\n  4, 3 // two\n]' } },
    { name: 'replaces the whole node when the layout after the last element changes', content: '[\n  1,\n  2, 3\n]', edit: { offset: text.indexOf('['), length: text.lastIndexOf(']') + 1 - text.indexOf('['), content: '[\n  1,\n  2, 3\n]' } },
    { name: 'replaces the whole node when it gets shorter', content: '[1]', edit: { offset: text.indexOf('['), length: text.lastIndexOf(']') + 1 - text.indexOf('['), content: '[1]' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const edit = replaceNode(text, list(), c.content);
      assert.deepEqual(edit, c.edit);
      assert.equal(applyTextEdits(text, [edit]), `{"list": ${c.content}}`);
    });
  }

  it('replaces an empty array whole', () => {
    const doc = parseJsoncText('t.json', '{"a": []}');
    const node = doc.root.children![0]!.children![1]!;
    assert.deepEqual(replaceNode(doc.text, node, '[1]'), { offset: 6, length: 2, content: '[1]' });
  });
});

describe('removeArrayElement', () => {
  const cases: { name: string; text: string; index: number; expected: string }[] = [
    { name: 'keeps the comment above the next element', text: '[\n  1,\n  // about two\n  2\n]', index: 0, expected: '[\n  // about two\n  2\n]' },
    { name: 'keeps a comment between the element and its comma', text: '[\n  1 /* one */,\n  2\n]', index: 0, expected: '[\n   /* one */\n  2\n]' },
    { name: 'keeps the comment above the last element when removing it', text: '[\n  1,\n  // about two\n  2\n]', index: 1, expected: '[\n  1\n  // about two\n]' },
    { name: 'removes a last element and its comma on one line', text: '[1, 2]', index: 1, expected: '[1]' },
    { name: 'removes a middle element', text: '[1, 2, 3]', index: 1, expected: '[1, 3]' },
    { name: 'removes the only element and keeps a comment beside it', text: '[ // loops\n  1\n]', index: 0, expected: '[ // loops\n]' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const array = parseJsoncText('t.json', `{"a": ${c.text}}`).root.children![0]!.children![1]!;
      assert.equal(applyTextEdits(`{"a": ${c.text}}`, removeArrayElement(`{"a": ${c.text}}`, array, c.index)), `{"a": ${c.expected}}`);
    });
  }
});

describe('insertProperty', () => {
  const cases: { name: string; text: string; expected: string }[] = [
    { name: 'fills an empty object', text: '{\n  "v": {}\n}', expected: '{\n  "v": {\n    "k": 1\n  }\n}' },
    { name: 'keeps a block comment inside an empty object', text: '{\n  "v": { /* none yet */ }\n}', expected: '{\n  "v": { /* none yet */\n    "k": 1\n  }\n}' },
    { name: 'keeps a line comment inside an empty object', text: '{\n  "v": {\n    // none yet\n  }\n}', expected: '{\n  "v": {\n    // none yet\n    "k": 1\n  }\n}' },
    { name: 'appends after the last member', text: '{\n  "v": { "a": 0 }\n}', expected: '{\n  "v": { "a": 0,\n  "k": 1 }\n}' },
    { name: 'leaves a comment on the line of the last member', text: '{\n  "v": {\n    "a": 0 // about a\n  }\n}', expected: '{\n  "v": {\n    "a": 0, // about a\n    "k": 1\n  }\n}' },
    { name: 'leaves block comments on the line of the last member', text: '{\n  "v": {\n    "a": 0 /* x */ /* y */\n  }\n}', expected: '{\n  "v": {\n    "a": 0, /* x */ /* y */\n    "k": 1\n  }\n}' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const object = parseJsoncText('t.json', c.text).root.children![0]!.children![1]!;
      assert.equal(applyTextEdits(c.text, insertProperty(c.text, object, 'k', '1', '  ', '\n')), c.expected);
    });
  }
});
