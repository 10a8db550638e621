import assert from 'node:assert/strict';
import { closest, editDistance } from '../../src/core/did-you-mean.js';

describe('closest', () => {
  const cases: [string, string[], string | undefined][] = [
    ['paramter', ['parameter', 'parameters', 'template'], 'parameter'],
    ['--tempalte'.slice(2), ['template', 'location'], 'template'],
    ['appValut', ['appVault', 'dataVault'], 'appVault'],
    ['KEYVAULTNAME', ['keyVaultName'], 'keyVaultName'],
    ['zzz', ['template', 'location'], undefined],
    ['x', [], undefined],
  ];
  for (const [name, candidates, expected] of cases) {
    it(`suggests ${expected ?? 'nothing'} for ${name}`, () => assert.equal(closest(name, candidates), expected));
  }
});

describe('editDistance', () => {
  const cases: [string, string, number][] = [['', 'abc', 3], ['kitten', 'sitting', 3], ['ab', 'ba', 1], ['same', 'same', 0]];
  for (const [a, b, d] of cases) it(`counts ${d} edits from '${a}' to '${b}'`, () => assert.equal(editDistance(a, b), d));
});
