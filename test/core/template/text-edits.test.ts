import assert from 'node:assert/strict';
import { parseJsoncText } from '../../../src/core/template/jsonc-document.js';
import { applyTextEdits, replaceNode } from '../../../src/core/template/text-edits.js';

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
