import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { strictJsonTree } from '../../../src/core/template/strict-json-tree.js';
import { manifest, ROOT } from '../../corpus/corpus-support.js';

/** Every field a jsonc-parser reader can see, children expanded. */
function shape(node: Node): unknown {
  return { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children: node.children?.map(shape) };
}

/** JSON text of `value` with any whitespace (of the four JSON allows) between tokens. */
const spacedJson = fc.tuple(fc.jsonValue({ maxDepth: 5 }), fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\t', '  '), { minLength: 1, maxLength: 8 }), fc.nat())
  .map(([value, spaces, seed]) => {
    let i = seed;
    const gap = () => spaces[i++ % spaces.length]!;
    return gap() + JSON.stringify(value, null, 1).replace(/^( *)/gm, () => gap()) + gap();
  });

describe('strictJsonTree against jsonc-parser', function () {
  this.timeout(60_000);

  it('builds the same tree for any JSON text with any whitespace (1000 runs)', () => {
    fc.assert(fc.property(spacedJson, (text) => {
      assert.deepEqual(shape(strictJsonTree(text, 0)), shape(parseTree(text)!));
    }), { numRuns: 1000 });
  });

  const strict = (manifest?.entries ?? []).flatMap((e) => [e.path, ...(e.parametersPath ? [e.parametersPath] : [])]).filter((path) => {
    try {
      JSON.parse(readFileSync(ROOT + path, 'utf8').replace(/^\ufeff/, ''));
      return true;
    } catch {
      return false;
    }
  });
  (strict.length ? it : it.skip)(`builds the same tree as jsonc-parser for every strict-JSON file of the corpus (${strict.length})`, () => {
    for (const path of strict) {
      const text = readFileSync(ROOT + path, 'utf8');
      const bom = text.charCodeAt(0) === 0xfeff;
      assert.deepEqual(shape(strictJsonTree(text, bom ? 1 : 0)), shape(parseTree(bom ? ' ' + text.slice(1) : text)!), path);
    }
  });
});
