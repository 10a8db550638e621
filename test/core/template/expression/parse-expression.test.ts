import assert from 'node:assert/strict';
import {
  ExpressionSyntaxError,
  isExpression,
  parseExpression,
  type ExprNode,
} from '../../../../src/core/template/expression/index.js';

/** The tree without offsets, so expectations stay readable. */
function shape(node: ExprNode): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'literal':
      return node.value;
    case 'call':
      return { call: node.namespace ? `${node.namespace}.${node.name}` : node.name, args: node.args.map(shape) };
    case 'member':
      return { of: shape(node.target), member: node.property };
    case 'index':
      return { of: shape(node.target), index: shape(node.index) };
  }
}

describe('parseExpression', () => {
  const cases: Array<[string, unknown]> = [
    ["'abc'", 'abc'],
    ["'it''s'", "it's"],
    ["''''", "'"],
    ["''", ''],
    ['42', 42],
    ['-7', -7],
    ['true', true],
    ['FALSE', false],
    ['null', null],
    ['f()', { call: 'f', args: [] }],
    ["concat('a', 'b')", { call: 'concat', args: ['a', 'b'] }],
    ["  concat ( 'a' ,\n\t'b' )  ", { call: 'concat', args: ['a', 'b'] }],
    ["add(1,-2)", { call: 'add', args: [1, -2] }],
    ["a(b(c()))", { call: 'a', args: [{ call: 'b', args: [{ call: 'c', args: [] }] }] }],
    ["ns.fn('x')", { call: 'ns.fn', args: ['x'] }],
    ["f().a.b", { of: { of: { call: 'f', args: [] }, member: 'a' }, member: 'b' }],
    ["f()[0]", { of: { call: 'f', args: [] }, index: 0 }],
    ["f()['k'].v[g()]", { of: { of: { of: { call: 'f', args: [] }, index: 'k' }, member: 'v' }, index: { call: 'g', args: [] } }],
    ["f() . a", { of: { call: 'f', args: [] }, member: 'a' }],
    ["reference('x').outputs.id.value", { of: { of: { of: { call: 'reference', args: ['x'] }, member: 'outputs' }, member: 'id' }, member: 'value' }],
    ["f('[x]')", { call: 'f', args: ['[x]'] }],
  ];
  for (const [text, expected] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(shape(parseExpression(text)), expected));
  }

  it('records the offset of each node', () => {
    const node = parseExpression("concat('a', f().b)");
    assert.equal(node.kind, 'call');
    if (node.kind !== 'call') return;
    assert.equal(node.args[0]!.offset, 7);
    assert.equal(node.args[1]!.offset, 15); // the member access starts at its '.'
  });

  const errors: Array<[string, number, RegExp]> = [
    ['', 0, /Expected a function call or a literal/],
    ["concat('a'", 10, /Expected "," or "\)"/],
    ["concat('a',)", 11, /Expected a function call/],
    ["'abc", 0, /Unterminated string/],
    ['foo', 3, /Expected "\(" after function name 'foo'/],
    ["f() g()", 4, /after the end of the expression/],
    ['f().', 4, /a property name/],
    ['f()[0', 5, /"\]"/],
    ['f(#)', 2, /Unexpected character '#'/],
    ['f("x")', 2, /Unexpected character '"'/],
  ];
  for (const [text, offset, message] of errors) {
    it(`rejects ${JSON.stringify(text)} with an ExpressionSyntaxError at offset ${offset}`, () => {
      assert.throws(
        () => parseExpression(text),
        (error: unknown) =>
          error instanceof ExpressionSyntaxError &&
          error.offset === offset &&
          error.expression === text &&
          error.code === 'KVPG-EXPR-SYNTAX' &&
          message.test(error.message),
      );
    });
  }
});

describe('isExpression', () => {
  const cases: Array<[string, boolean]> = [
    ["[parameters('a')]", true],
    ['[[literal]', false],
    ['plain', false],
    ['[not closed', false],
    [' [x()]', false],
    ['x]', false],
  ];
  for (const [text, expected] of cases) {
    it(`says ${JSON.stringify(text)} is ${expected ? '' : 'not '}an expression`, () => assert.equal(isExpression(text), expected));
  }
});
