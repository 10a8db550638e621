import assert from 'node:assert/strict';
import { getNodePath } from 'jsonc-parser';
import { memberNames, nodePath, valueProperties, valueProperty } from '../../../src/core/template/json-nodes.js';
import { parseJsoncText, type JsonNode } from '../../../src/core/template/jsonc-document.js';

describe('valueProperty', () => {
  const cases: { name: string; object: unknown; key: string; expected: unknown }[] = [
    { name: 'finds a member spelled as asked', object: { tenantId: 't' }, key: 'tenantId', expected: 't' },
    { name: 'finds a member in any case, as ARM does', object: { TENANTID: 't' }, key: 'tenantId', expected: 't' },
    { name: 'takes the last of members that differ only in case', object: { name: 1, NAME: 2 }, key: 'Name', expected: 2 },
    { name: 'does not take a member that only starts with the name', object: { tenantIds: 't' }, key: 'tenantId', expected: undefined },
    { name: 'finds a member whose lower-case form is longer (İ becomes i and a dot)', object: { İD: 'x' }, key: 'i̇d', expected: 'x' },
    { name: 'reads nothing from an array', object: ['a'], key: '0', expected: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.equal(valueProperty(c.object, c.key), c.expected));
});

describe('valueProperties', () => {
  it('reads several members as valueProperty reads each, undefined where absent', () => {
    const object = { TenantId: 't', objectid: 'o1', objectId: 'o2', permissions: { secrets: [] } };
    const names = ['tenantId', 'objectId', 'applicationId', 'permissions'];
    assert.deepEqual(valueProperties(object, memberNames(names)), names.map((name) => valueProperty(object, name)));
    assert.deepEqual(valueProperties(object, memberNames(names)), ['t', 'o2', undefined, { secrets: [] }]);
  });

  it('reads nothing from a value that is not an object', () => {
    assert.deepEqual(valueProperties('text', memberNames(['length'])), [undefined]);
  });
});

describe('nodePath', () => {
  const texts = [
    { name: 'a strict JSON document', text: '{"a": [1, {"b": [true, null]}, [2]], "c": {"d": "e"}, "a2": []}' },
    { name: 'a JSONC document', text: '{"a": [1, /* c */ {"b": [true, null,]}, [2]], // c\n "c": {"d": "e"},}' },
  ];
  for (const t of texts) {
    it(`gives every node of ${t.name} the path jsonc-parser's getNodePath gives it`, () => {
      const visit = (node: JsonNode, each: (n: JsonNode) => void): void => {
        each(node);
        for (const child of node.children ?? []) visit(child, each);
      };
      let count = 0;
      visit(parseJsoncText('t.json', t.text).root, (node) => {
        assert.deepEqual(nodePath(node), getNodePath(node), `the ${node.type} at ${node.offset}`);
        count++;
      });
      assert.ok(count > 15);
    });
  }
});
