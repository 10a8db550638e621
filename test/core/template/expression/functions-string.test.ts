import { evaluatesTo, failsWith, fakeScope } from './fake-scope.js';

describe('string functions', () => {
  const scope = fakeScope({ parameters: { n: 5, list: ['a', 'b'], obj: { b: 1, a: 'x' } } });

  describe('concat', () => {
    evaluatesTo(
      [
        ["concat('a', 'b', 'c')", 'abc'],
        ["concat('n', parameters('n'))", 'n5'],
        ["concat('v', true, null())", 'vTrue'],
        ["concat(parameters('list'), createArray('c'))", ['a', 'b', 'c']],
        ['concat(createArray(), createArray())', []],
        ["concat('')", ''],
      ],
      scope,
    );
    failsWith([["concat('a', parameters('obj'))", /concat\(\) expects argument 2 to be a string/]], scope);
  });

  describe('case and whitespace', () => {
    evaluatesTo([
      ["toLower('KeyVault-ÄB')", 'keyvault-äb'],
      ["toUpper('kv1')", 'KV1'],
      ["trim('  x y \t')", 'x y'],
    ]);
  });

  describe('replace', () => {
    evaluatesTo([
      ["replace('a-b-c', '-', '')", 'abc'],
      ["replace('aAa', 'a', 'x')", 'xAx'],
      ["replace('abc', 'z', 'y')", 'abc'],
    ]);
    failsWith([["replace('abc', '', 'x')", /cannot replace an empty string/]]);
  });

  describe('split', () => {
    evaluatesTo([
      ["split('a,b,,c', ',')", ['a', 'b', '', 'c']],
      ["split('a;b,c', createArray(',', ';'))", ['a', 'b', 'c']],
      ["split('abc', '|')", ['abc']],
      ["split('', ',')", ['']],
      ["split('/subscriptions/s/resourceGroups/rg', '/')[4]", 'rg'],
    ]);
  });

  describe('substring', () => {
    evaluatesTo([
      ["substring('Contoso.com web app', 12, 3)", 'web'],
      ["substring('abc', 1)", 'bc'],
      ["substring('abc', 3, 0)", ''],
      ["substring('abc', 0, 3)", 'abc'],
    ]);
    failsWith([
      ["substring('abc', 2, 5)", /must refer to a location within the string of length 3/],
      ["substring('abc', 4)", /within the string/],
      ["substring('abc', -1, 1)", /within the string/],
    ]);
  });

  describe('take and skip on strings', () => {
    evaluatesTo([
      ["take('abc', 2)", 'ab'],
      ["take('ab', 24)", 'ab'],
      ["take('abc', 0)", ''],
      ["take('abc', -4)", ''],
      ["skip('abc', 1)", 'bc'],
      ["skip('ab', 5)", ''],
      ["skip('abc', -1)", 'abc'],
      ["take(concat('kv', uniqueString('test')), 5)", 'kvrbg'],
    ]);
  });

  describe('search functions', () => {
    evaluatesTo([
      ["startsWith('abcdef', 'AB')", true],
      ["endsWith('abcdef', 'EF')", true],
      ["endsWith('abcdef', 'e')", false],
      ["indexOf('abcdef', 'CD')", 2],
      ["indexOf('abcdef', 'z')", -1],
      ["lastIndexOf('test', 't')", 3],
      ["contains('OneTwoThree', 'e')", true],
      ["contains('OneTwoThree', 'one')", false],
    ]);
  });

  describe('padLeft', () => {
    evaluatesTo([
      ["padLeft('123', 10, '0')", '0000000123'],
      ["padLeft(7, 3, '0')", '007'],
      ["padLeft('abc', 2)", 'abc'],
      ["padLeft('a', 3)", '  a'],
    ]);
    failsWith([
      ["padLeft('a', 3, 'xy')", /exactly one character/],
      ["padLeft('', 2147483648)", /totalLength must be at most 4194304/],
    ]);
  });

  describe('string, json and join', () => {
    evaluatesTo(
      [
        ["string(parameters('obj'))", '{"b":1,"a":"x"}'],
        ["string(parameters('list'))", '["a","b"]'],
        ['string(true)', 'True'],
        ['string(false())', 'False'],
        ['string(12)', '12'],
        ["string('s')", 's'],
        ['string(null())', ''],
        ["json('{\"a\": [1, 2]}')", { a: [1, 2] }],
        ["json('{''one'': ''a'', ''two'': ''b''}')", { one: 'a', two: 'b' }],
        ["json('null')", null],
        ["json('[1,2,]')", [1, 2]],
        ["join(createArray('a', 'b', 'c'), ',')", 'a,b,c'],
        ["join(createArray(1, true), '-')", '1-True'],
      ],
      scope,
    );
    failsWith([["json('{nope')", /json\(\) could not parse/]]);
  });

  describe('encodings', () => {
    evaluatesTo([
      ["base64('one, two, three')", 'b25lLCB0d28sIHRocmVl'],
      ["base64ToString('b25lLCB0d28sIHRocmVl')", 'one, two, three'],
      ["base64ToJson(base64('{\"a\":1}'))", { a: 1 }],
      ["dataUri('Hello')", 'data:text/plain;charset=utf8;base64,SGVsbG8='],
      ["dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')", 'Hello, World!'],
      ["uri('http://contoso.com/resources/', 'nested/azuredeploy.json')", 'http://contoso.com/resources/nested/azuredeploy.json'],
      ["uri('http://contoso.com/resources/main.json', 'other.json')", 'http://contoso.com/resources/other.json'],
      ["uriComponent('http://contoso.com/resources/nested/azuredeploy.json')", 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json'],
      ["uriComponent('a(b)!')", 'a%28b%29%21'],
      ["uriComponentToString('http%3A%2F%2Fcontoso.com')", 'http://contoso.com'],
    ]);
  });
});
