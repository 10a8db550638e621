import assert from 'node:assert/strict';
import { vaultNameProblem } from '../../src/core/vault-name.js';

// Microsoft.KeyVault/vaults (learn.microsoft.com, resource-name-rules): 3-24, alphanumerics and hyphens,
// start with a letter, end with a letter or digit, no consecutive hyphens. Each row is judged by hand from that text.
const accepted = ['kv1', 'KV-Prod-01', 'a-b-c', 'abcdefghijklmnopqrstuvwx', 'x12'];
const refused: [string, RegExp][] = [
  ['kv', /2 characters/],
  ['abcdefghijklmnopqrstuvwxy', /25 characters/],
  ['1kv', /start with a letter/],
  ['-kv', /start with a letter/],
  ['kv-', /ends with a hyphen/],
  ['kv--prod', /consecutive hyphens/],
  ['kv_prod', /"_"/],
  ['kv.prod', /"\."/],
  ['kv prod', /" "/],
  ['kvé1', /"é"/],
  ['', /0 characters/],
];

describe('vaultNameProblem', () => {
  for (const name of accepted) it(`accepts ${JSON.stringify(name)}`, () => assert.equal(vaultNameProblem(name), undefined));
  for (const [name, why] of refused) it(`refuses ${JSON.stringify(name)}, saying why`, () => assert.match(vaultNameProblem(name) ?? 'accepted', why));
});
