import { evaluatesTo, failsWith, fakeScope } from './fake-scope.js';

describe('array and object functions', () => {
  const scope = fakeScope({
    parameters: {
      arr: ['one', 'two', 'three'],
      obj: { one: 'a', two: 'b', three: 'c' },
      first: { a: 1, nested: { x: 1, y: 1 }, list: [1] },
      second: { b: 2, nested: { y: 2, z: 2 }, list: [2] },
    },
  });

  describe('construction and conversion', () => {
    evaluatesTo(
      [
        ["createArray(1, 'a', true, null())", [1, 'a', true, null]],
        ['createArray()', []],
        ["createObject('a', 1, 'b', createArray(2))", { a: 1, b: [2] }],
        ['createObject()', {}],
        ['array(1)', [1]],
        ["array('efgh')", ['efgh']],
        ["array(parameters('arr'))", ['one', 'two', 'three']],
        ["array(createObject('a', 'b'))", [{ a: 'b' }]],
        ['range(1, 3)', [1, 2, 3]],
        ['range(-2, 0)', []],
        ['flatten(createArray(createArray(1, 2), createArray(3)))', [1, 2, 3]],
      ],
      scope,
    );
    failsWith([
      ["createObject('a')", /even number of arguments/],
      ['createObject(1, 2)', /createObject\(\) expects argument 1 to be a string key/],
      ['range(0, -1)', /between 0 and 10000/],
    ]);
  });

  describe('contains, empty, length, first and last', () => {
    evaluatesTo(
      [
        ["contains(parameters('arr'), 'two')", true],
        ["contains(parameters('arr'), 'TWO')", false],
        ["contains(parameters('obj'), 'ONE')", true],
        ["contains(parameters('obj'), 'four')", false],
        ['contains(createArray(createObject(\'a\', 1)), createObject(\'a\', 1))', true],
        ["contains(createArray(1, 2), 2)", true],
        ["empty('')", true],
        ['empty(createArray())', true],
        ['empty(createObject())', true],
        ['empty(null())', true],
        ["empty(' ')", false],
        ["length(parameters('arr'))", 3],
        ["length('abc')", 3],
        ["length(parameters('obj'))", 3],
        ["first(parameters('arr'))", 'one'],
        ["last(parameters('arr'))", 'three'],
        ["first('One Two')", 'O'],
        ["last('One Two')", 'o'],
        ["first('')", ''],
        ['first(createArray())', null],
      ],
      scope,
    );
    failsWith([
      ['length(1)', /length\(\) expects argument 1 to be a string, array or object, not int/],
      ['empty(0)', /empty\(\) expects/],
    ]);
  });

  describe('take, skip and search on arrays', () => {
    evaluatesTo(
      [
        ["take(parameters('arr'), 2)", ['one', 'two']],
        ["take(parameters('arr'), 10)", ['one', 'two', 'three']],
        ["take(parameters('arr'), -1)", []],
        ["skip(parameters('arr'), 2)", ['three']],
        ["skip(parameters('arr'), 9)", []],
        ["indexOf(parameters('arr'), 'two')", 1],
        ["indexOf(parameters('arr'), 'TWO')", -1],
        ['lastIndexOf(createArray(1, 2, 1), 1)', 2],
      ],
      scope,
    );
  });

  describe('set operations', () => {
    evaluatesTo(
      [
        ["union(createArray(1, 2, 3), createArray(3, 4), createArray(1))", [1, 2, 3, 4]],
        ["union(createObject('a', 1), createObject('b', 2), createObject('a', 3))", { a: 3, b: 2 }],
        [
          "union(parameters('first'), parameters('second'))",
          { a: 1, nested: { x: 1, y: 2, z: 2 }, list: [2], b: 2 },
        ],
        ["intersection(createArray('a', 'b', 'c'), createArray('b', 'c', 'd'), createArray('c'))", ['c']],
        ["intersection(createObject('a', 1, 'b', 2), createObject('a', 1, 'b', 3))", { a: 1 }],
        [
          "shallowMerge(createArray(parameters('first'), parameters('second')))",
          { a: 1, nested: { y: 2, z: 2 }, list: [2], b: 2 },
        ],
      ],
      scope,
    );
    failsWith([["union(createArray(1), createObject())", /all arrays or all objects/]]);
  });

  describe('items, objectKeys and tryGet', () => {
    evaluatesTo(
      [
        [
          "items(createObject('b', 2, 'A', 1, 'c', 3))",
          [
            { key: 'A', value: 1 },
            { key: 'b', value: 2 },
            { key: 'c', value: 3 },
          ],
        ],
        ["objectKeys(parameters('obj'))", ['one', 'two', 'three']],
        ["tryGet(parameters('obj'), 'ONE')", 'a'],
        ["tryGet(parameters('obj'), 'four')", null],
        ["tryGet(parameters('first'), 'nested', 'y')", 1],
        ["tryGet(parameters('first'), 'list', 0)", 1],
        ["tryGet(parameters('first'), 'list', 5)", null],
        ["tryGet(null(), 'a')", null],
        ["tryGet(parameters('arr'), 'length')", null],
      ],
      scope,
    );
  });

  describe('min and max', () => {
    evaluatesTo([
      ['min(createArray(0, 3, 2, 5, 4))', 0],
      ['min(0, 3, 2, 5, 4)', 0],
      ['max(createArray(0, 3, 2, 5, 4))', 5],
      ['max(-1, -7)', -1],
    ]);
    failsWith([
      ['max(createArray())', /at least one integer/],
      ["max(1, 'a')", /expects argument 2 to be integers/],
    ]);
  });
});
