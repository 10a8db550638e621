import assert from 'node:assert/strict';
import {
  evaluateString,
  evaluateValue,
  ExpressionSyntaxError,
  UnresolvedError,
} from '../../../../src/core/template/expression/index.js';
import { evaluatesTo, failsWith, fakeScope, unresolvedWith } from './fake-scope.js';

describe('evaluateString', () => {
  const scope = fakeScope({ parameters: { vaultName: 'kv-prod' } });

  it("returns '[[x]' as the literal '[x]'", () => assert.equal(evaluateString('[[x]', scope), '[x]'));
  it('returns a plain string unchanged', () => assert.equal(evaluateString('just text', scope), 'just text'));
  it('returns an unclosed bracket string unchanged', () => assert.equal(evaluateString('[abc', scope), '[abc'));
  it('evaluates a bracketed expression', () => assert.equal(evaluateString("[parameters('vaultName')]", scope), 'kv-prod'));
  it('finds parameters by case-insensitive name', () => assert.equal(evaluateString("[parameters('VAULTNAME')]", scope), 'kv-prod'));

  it('answers a repeated expression from a scope that keeps results, without reading its variables again', () => {
    const keeping = { ...fakeScope({ variables: { name: 'kv-one', tags: { a: 'b' } } }), results: new Map() };
    assert.equal(evaluateString("[variables('name')]", keeping), 'kv-one');
    assert.equal(evaluateString("[variables('name')]", keeping), 'kv-one');
    assert.deepEqual(keeping.variableReads, ['name']);
  });

  it('evaluates an object-valued expression anew each time, even in a scope that keeps results', () => {
    const keeping = { ...fakeScope({ variables: { tags: { a: 'b' } } }), results: new Map() };
    assert.deepEqual(evaluateString("[variables('tags')]", keeping), { a: 'b' });
    assert.deepEqual(evaluateString("[variables('tags')]", keeping), { a: 'b' });
    assert.deepEqual(keeping.variableReads, ['tags', 'tags']);
  });

  it('reports a syntax error with its offset in the whole string, brackets included', () => {
    assert.throws(
      () => evaluateString("[concat('a' 'b')]", scope),
      (error: unknown) => error instanceof ExpressionSyntaxError && error.offset === 12 && error.expression === "[concat('a' 'b')]",
    );
  });
});

describe('evaluating literals, names and chains', () => {
  evaluatesTo(
    [
      ["'it''s'", "it's"],
      ['42', 42],
      ['-3', -3],
      ['true', true],
      ['null', null],
      ["CONCAT('a', 'b')", 'ab'],
      ["ToLower('ABC')", 'abc'],
      ["variables('settings').Network.SUBNETS[1].name", 'data'],
      ["variables('settings')['network']['subnets'][0]['NAME']", 'web'],
      ["createArray('a', 'b')[add(0, 1)]", 'b'],
      ["json('{\"a\":{\"b\":[10,20]}}').a.b[1]", 20],
      ["toUpper(substring(concat('abc', 'def'), 2, 3))", 'CDE'],
    ],
    fakeScope({ variables: { settings: { network: { subnets: [{ name: 'web' }, { name: 'data' }] } } } }),
  );

  failsWith(
    [
      ["variables('settings').missing", /no property 'missing' \(it has: network\)/],
      ["createArray(1)[5]", /Index 5 is outside the array of length 1/],
      ["createArray(1)['a']", /array index must be an integer/],
      ["'abc'.length", /Cannot read property 'length' of a string/],
      ['concat(lambda(\'x\', 1))', /lambda/],
      ['frobnicate(', /Expected/],
      ["concat('a', createArray(1))", /concat\(\) expects argument 2/],
      ['if(true, 1)', /if\(\) takes 3 argument\(s\) but was given 2/],
    ],
    fakeScope({ variables: { settings: { network: {} } } }),
  );
});

describe('unresolved values', () => {
  it('collects every missing parameter of a call, not just the first', () => {
    assert.throws(
      () => evaluateString("[concat(parameters('a'), '-', parameters('b'))]", fakeScope()),
      (error: unknown) =>
        error instanceof UnresolvedError &&
        error.missingParameters.join() === 'a,b' &&
        error.reason.includes("parameter 'a' has no value (no parameters file entry, default or override)"),
    );
  });

  it('collects missing parameters through nested calls and index expressions', () => {
    assert.throws(
      () => evaluateString("[createArray(toLower(parameters('x')))[length(parameters('y'))]]", fakeScope()),
      (error: unknown) => error instanceof UnresolvedError && error.missingParameters.join() === 'x,y',
    );
  });

  it('treats a {"$unresolved": reason} parameter value as unresolved with that reason', () => {
    const scope = fakeScope({ parameters: { secret: { $unresolved: 'a Key Vault reference is only known at deployment time' } } });
    assert.throws(
      () => evaluateString("[parameters('secret')]", scope),
      (error: unknown) =>
        error instanceof UnresolvedError &&
        error.reason === 'a Key Vault reference is only known at deployment time' &&
        error.missingParameters.length === 0,
    );
  });

  it('passes on an UnresolvedError thrown by the variable lookup', () => {
    const scope = fakeScope();
    scope.variable = () => {
      throw new UnresolvedError('variable depends on reference()');
    };
    assert.throws(() => evaluateString("[toLower(variables('v'))]", scope), /variable depends on reference\(\)/);
  });

  unresolvedWith([
    ["reference('vault').vaultUri", /^reference\(\) is only known at deployment time$/],
    ["references('vaults')", /references\(\) is only known at deployment time/],
    ["listKeys('acct', '2021-01-01').keys[0].value", /^listKeys\(\) is only known at deployment time$/],
    ["listSecrets('x', '2021-01-01')", /listSecrets\(\)/],
    ["listAccountSas('x', '2021-01-01', createObject())", /listAccountSas\(\)/],
    ['newGuid()', /newGuid\(\) is only known at deployment time/],
    ['utcNow()', /utcNow\(\)/],
    ["pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')", /pickZones\(\)/],
    ['copyIndex()', /outside a copy loop/],
    ["mine.fn('a')", /user-defined function mine\.fn\(\) is not available offline/],
    ["someFutureFunction('a')", /function someFutureFunction\(\) is not supported offline/],
  ]);
});

describe('lazy functions', () => {
  const scope = fakeScope({ parameters: { flag: true } });
  evaluatesTo(
    [
      ["if(parameters('flag'), 'yes', reference('never').x)", 'yes'],
      ["if(not(parameters('flag')), parameters('missing'), 'no')", 'no'],
      ["coalesce(null(), 'first', reference('never'))", 'first'],
      ['coalesce(null(), null())', null],
      ["and(false, reference('never'))", false],
      ["or(true, parameters('missing'))", true],
      ["and(parameters('missing'), false)", false],
      ["or(parameters('missing'), true)", true],
    ],
    scope,
  );
  unresolvedWith(
    [
      ["if(parameters('missing'), 'a', 'b')", /parameter 'missing' has no value/],
      ["and(parameters('missing'), true)", /parameter 'missing'/],
      ["and(empty(parameters('missing')), variables('guarded'))", /parameter 'missing'/],
    ],
    scope,
  );
});

describe('evaluateValue', () => {
  const scope = fakeScope({ parameters: { name: 'kv1', tags: { env: 'prod' } } });

  it('evaluates strings deep inside arrays and objects, keys included', () => {
    const value = evaluateValue(
      { "[concat('key-', parameters('name'))]": ["[parameters('tags').env]", 3, true, null, { '[[literal]': 'x' }] },
      scope,
    );
    assert.deepEqual(value, { 'key-kv1': ['prod', 3, true, null, { '[literal]': 'x' }] });
  });

  it('reports every unresolved element of a value at once', () => {
    assert.throws(
      () => evaluateValue({ a: "[parameters('p1')]", b: ["[parameters('p2')]"], c: 'fine' }, scope),
      (error: unknown) => error instanceof UnresolvedError && error.missingParameters.join() === 'p1,p2',
    );
  });

  it('rejects an object key that evaluates to a number', () => {
    assert.throws(() => evaluateValue({ '[add(1, 2)]': 'x' }, scope), /object key must evaluate to a string/);
  });
});
