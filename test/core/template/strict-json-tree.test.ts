import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTree, type Node } from 'jsonc-parser';
import { strictJsonTree } from '../../../src/core/template/strict-json-tree.js';

/** Everything a reader of a jsonc-parser tree can see, children expanded, parents checked on the way. */
function shape(node: Node): unknown {
  const children = node.children?.map((child) => {
    assert.equal(child.parent, node, `the parent of the ${child.type} at ${child.offset}`);
    return shape(child);
  });
  return { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children };
}

describe('strictJsonTree', () => {
  const cases: { name: string; text: string }[] = [
    { name: 'an object of every kind of value', text: '{"s": "x", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [], "o": {}}' },
    { name: 'nested containers with whitespace of every kind', text: ' \r\n\t{ "a" :\n[ 1 ,{"b":[[ ],{ }] } , "c" ] ,"d":{"e":{"f":[0]}}}\n' },
    { name: 'strings with escapes, brackets and quotes inside', text: '{"k\\"ey": "a\\\\", "b": "[x]{y}", "c": "\\\\\\"]", "\\u00e9": "\\n\\t\\u0041", "d": ["\\\\"]}' },
    { name: 'duplicate keys, each kept as its own property', text: '{"a": 1, "A": 2, "a": [3]}' },
    { name: 'an array at the top', text: '[{"a": [1, 2]}, "[", "]", 0.5, -0, 1E+2]' },
    { name: 'a lone value at the top', text: '  "[not an array]"  ' },
    { name: 'characters beyond ASCII', text: '{"名前": "ü€😀", "x": ["😀", {"é": 1}]}' },
    { name: 'a template with nested deployments', text: readFileSync('test/fixtures/templates/nested-scopes.json', 'utf8') },
    { name: 'a template with several vaults and policies', text: readFileSync('test/fixtures/templates/several-vaults.json', 'utf8') },
  ];
  for (const c of cases) {
    it(`builds the same tree as jsonc-parser for ${c.name}`, () => {
      assert.doesNotThrow(() => JSON.parse(c.text), 'the case must be strict JSON');
      assert.deepEqual(shape(strictJsonTree(c.text, 0)), shape(parseTree(c.text)!));
    });
  }

  it('starts after a BOM, at the offsets of the text with it', () => {
    const text = '\ufeff{"a": [1]}';
    const root = strictJsonTree(text, 1);
    assert.deepEqual(shape(root), shape(parseTree(' ' + text.slice(1))!));
    assert.equal(root.offset, 1);
  });

  it('gives the root no parent property, as jsonc-parser does', () => {
    assert.equal('parent' in strictJsonTree('{"a": {}}', 0), false);
    assert.equal('parent' in strictJsonTree('7', 0), false);
  });

  it('returns the same child nodes on every read, so paths and parents stay consistent', () => {
    const root = strictJsonTree('{"a": [{"b": 1}]}', 0);
    const array = root.children![0]!.children![1]!;
    assert.equal(array.children![0], array.children![0]);
    assert.equal(array.children![0]!.parent, array);
  });
});
