import assert from 'node:assert/strict';
import { surelyWithin, utf8Length } from '../../src/core/utf8-length.js';

describe('utf8Length', () => {
  const cases: { name: string; text: string; bytes: number }[] = [
    { name: 'counts ASCII one byte a character', text: '{"a": 1}', bytes: 8 },
    { name: 'counts Latin letters beyond ASCII two bytes', text: 'é', bytes: 2 },
    { name: 'counts the rest of the BMP three bytes', text: '€', bytes: 3 },
    { name: 'counts a surrogate pair four bytes', text: '😀', bytes: 4 },
    { name: 'counts a lone surrogate as the three bytes of a replacement character', text: '\ud800x', bytes: 4 },
    { name: 'counts a long text whose surrogate pairs cross every 64 Ki boundary', text: 'a' + '😀'.repeat(100_000), bytes: 400_001 },
    { name: 'counts a long text of every width', text: 'aé€😀'.repeat(50_000), bytes: 500_000 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(utf8Length(c.text), c.bytes));
});

describe('surelyWithin', () => {
  it('is sure when even three bytes a character fit', () => assert.equal(surelyWithin(10, 30), true));
  it('is not sure when three bytes a character could exceed the limit', () => assert.equal(surelyWithin(11, 30), false));
});
