import assert from 'node:assert/strict';
import { guid, uniqueString } from '../../../../src/core/template/expression/index.js';
import { evaluatesTo } from './fake-scope.js';

describe('uniqueString', () => {
  const vectors: Array<[string[], string]> = [
    [['test'], 'rbgf3xv4ufgzg'],
    [['test', 'test2', 'test3'], 'bqgd334z2uj64'],
    [['hello', 'world'], 'a7wkljktk6wne'],
    [['tyeth'], 'zcztcwvu6iyg6'],
    [['fu'], '6rkxbspxjmsho'],
    [['fubar'], 'cj2xpqsiwjfne'],
    [['fu', 'bar'], 'q5wxoscxs5j6k'],
  ];
  for (const [args, expected] of vectors) {
    it(`matches the published value ${expected} for (${args.join(', ')})`, () => {
      assert.equal(uniqueString(...args), expected);
    });
  }

  it('joins its arguments with a dash before hashing', () => {
    assert.equal(uniqueString('fu', 'bar'), uniqueString('fu-bar'));
  });

  it('always returns 13 characters of the lower-case base32 alphabet, for every input length 0 to 40', () => {
    for (let n = 0; n <= 40; n++) assert.match(uniqueString('x'.repeat(n)), /^[a-z2-7]{13}$/);
  });

  it('hashes UTF-8 bytes, so non-ASCII input differs from its ASCII look-alike', () => {
    assert.notEqual(uniqueString('café'), uniqueString('cafe'));
  });
});

describe('guid', () => {
  const vectors: Array<[string[], string]> = [
    [['test'], 'd6a5baf1-8b9b-542a-8525-2982f1f98a0c'],
    [['hello', 'world'], 'a5b868f8-11fe-567a-ace0-e77cc87f104e'],
    [['world', 'hello'], 'b1db13b3-4ca6-5782-bf9e-8495c3532f9d'],
  ];
  for (const [args, expected] of vectors) {
    it(`matches the published value ${expected} for (${args.join(', ')})`, () => {
      assert.equal(guid(...args), expected);
    });
  }
});

describe('uniqueString and guid inside expressions', () => {
  evaluatesTo([
    ["uniqueString('test')", 'rbgf3xv4ufgzg'],
    ["UNIQUESTRING('fu', 'bar')", 'q5wxoscxs5j6k'],
    ["guid('hello', 'world')", 'a5b868f8-11fe-567a-ace0-e77cc87f104e'],
    ["uniqueString(resourceGroup().id)", uniqueString('/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app')],
  ]);
});
