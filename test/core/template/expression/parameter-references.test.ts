import assert from 'node:assert/strict';
import { ExpressionSyntaxError, findParameterReferences } from '../../../../src/core/template/expression/index.js';

describe('findParameterReferences', () => {
  const cases: Array<[string, string[]]> = [
    ["[parameters('vaultName')]", ['vaultName']],
    ["[concat(parameters('prefix'), '-', PARAMETERS('suffix'), parameters('prefix'))]", ['prefix', 'suffix']],
    ["[if(parameters('useA'), variables('a'), parameters('b').name)]", ['useA', 'b']],
    ["[variables('x')]", []],
    ["[parameters(variables('dynamic'))]", []],
    ["[ns.parameters('notBuiltin')]", []],
    ["[[parameters('escaped')]", []],
    ['plain text', []],
  ];
  for (const [text, expected] of cases) {
    it(`finds ${JSON.stringify(expected)} in ${text}`, () => assert.deepEqual(findParameterReferences(text), expected));
  }

  it('throws ExpressionSyntaxError for a malformed expression', () => {
    assert.throws(() => findParameterReferences("[parameters('a']"), ExpressionSyntaxError);
  });
});
