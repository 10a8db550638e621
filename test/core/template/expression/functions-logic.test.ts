import { evaluatesTo, failsWith } from './fake-scope.js';

describe('logical, comparison and numeric functions', () => {
  describe('booleans', () => {
    evaluatesTo([
      ['and(true, true, true)', true],
      ['and(true, false)', false],
      ['or(false, false)', false],
      ['or(false, true)', true],
      ['not(true)', false],
      ['true()', true],
      ['false()', false],
      ['null()', null],
      ["bool('TRUE')", true],
      ["bool('false')", false],
      ["bool('yes')", false],
      ['bool(0)', false],
      ['bool(-1)', true],
      ["if(equals(1, 1), 'a', 'b')", 'a'],
      ["if(false, 'a', createArray('b'))", ['b']],
    ]);
    failsWith([
      ["if('yes', 1, 2)", /if\(\) expects argument 1 to be a boolean, not string/],
      ["not('true')", /not\(\) expects argument 1 to be a boolean/],
      ['and(true, 1)', /and\(\) expects argument 2 to be a boolean, not int/],
    ]);
  });

  describe('equality and ordering', () => {
    evaluatesTo([
      ['equals(1, 1)', true],
      ["equals('a', 'A')", false],
      ["equals(createArray(1, createObject('k', 'v')), createArray(1, createObject('k', 'v')))", true],
      ["equals(createObject('a', 1, 'b', 2), createObject('b', 2, 'a', 1))", true],
      ["equals(createArray(1, 2), createArray(2, 1))", false],
      ["equals('1', 1)", false],
      ['equals(null(), null())', true],
      ['less(1, 2)', true],
      ["less('a', 'b')", true],
      ["less('B', 'a')", true],
      ['lessOrEquals(2, 2)', true],
      ['greater(3, 2)', true],
      ["greater('b', 'a')", true],
      ['greaterOrEquals(1, 2)', false],
    ]);
    failsWith([["less(1, 'a')", /compares two integers or two strings, not int and string/]]);
  });

  describe('integer arithmetic', () => {
    evaluatesTo([
      ['add(5, 3)', 8],
      ['sub(5, 7)', -2],
      ['mul(4, -3)', -12],
      ['div(8, 3)', 2],
      ['div(-8, 3)', -2],
      ['mod(7, 3)', 1],
      ['mod(-7, 3)', -1],
      ["int('4')", 4],
      ["int(' -12 ')", -12],
      ['int(7)', 7],
    ]);
    failsWith([
      ['div(1, 0)', /cannot divide by zero/],
      ['mod(1, 0)', /cannot divide by zero/],
      ["add('1', 2)", /add\(\) expects argument 1 to be an integer, not string/],
      ["int('4.5')", /cannot convert string '4.5'/],
    ]);
  });
});
