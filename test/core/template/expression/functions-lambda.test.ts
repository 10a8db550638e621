import { evaluatesTo, failsWith, fakeScope } from './fake-scope.js';

describe('lambda functions', () => {
  const scope = fakeScope({
    parameters: {
      dogs: [
        { name: 'Evie', age: 5 },
        { name: 'Casper', age: 3 },
        { name: 'Indy', age: 2 },
      ],
      policies: { a: 1, b: 2 },
    },
  });
  evaluatesTo(
    [
      ["filter(parameters('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 3)))", [
        { name: 'Evie', age: 5 },
        { name: 'Casper', age: 3 },
      ]],
      ["map(parameters('dogs'), lambda('dog', lambdaVariables('dog').name))", ['Evie', 'Casper', 'Indy']],
      ["map(range(0, 3), lambda('x', 'i', concat(string(lambdaVariables('x')), '@', string(lambdaVariables('i')))))", ['0@0', '1@1', '2@2']],
      ["reduce(parameters('dogs'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next').age)))", 10],
      ["sort(parameters('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age)))[0].name", 'Indy'],
      ["toObject(parameters('dogs'), lambda('d', lambdaVariables('d').name), lambda('d', lambdaVariables('d').age))", { Evie: 5, Casper: 3, Indy: 2 }],
      ["toObject(createArray('x'), lambda('k', lambdaVariables('k')))", { x: 'x' }],
      ["groupBy(createArray('ab', 'ac', 'b'), lambda('s', first(lambdaVariables('s'))))", { a: ['ab', 'ac'], b: ['b'] }],
      ["mapValues(parameters('policies'), lambda('v', mul(lambdaVariables('v'), 10)))", { a: 10, b: 20 }],
      ["map(createArray(1, 2), lambda('o', map(createArray(10), lambda('i', add(lambdaVariables('o'), lambdaVariables('i'))))))", [[11], [12]]],
      ["filter(createArray(), lambda('x', reference('never')))", []],
    ],
    scope,
  );
  failsWith(
    [
      ["filter(createArray(1), lambda('x', 1))", /filter\(\) lambda must return a boolean/],
      ["map(createArray(1), 'x')", /map\(\) expects argument 2 to be a lambda, not string/],
      ["map(createArray(1), lambda('a', 'b', 'c', 1))", /lambda with 1 or 2 parameter/],
      ["lambdaVariables('x')", /not a parameter of an enclosing lambda/],
      ["map(createArray(1), lambda(parameters('n'), 1))", /parameter names must be string literals/],
    ],
    scope,
  );
});
