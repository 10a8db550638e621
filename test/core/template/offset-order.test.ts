import assert from 'node:assert/strict';
import { firstAtOrAfter } from '../../../src/core/template/offset-order.js';

describe('firstAtOrAfter', () => {
  const items = [{ offset: 2 }, { offset: 5 }, { offset: 5 }, { offset: 9 }];
  const cases: { name: string; offset: number; index: number }[] = [
    { name: 'finds the first item when all start after the offset', offset: 0, index: 0 },
    { name: 'finds the first of items starting at the offset', offset: 5, index: 1 },
    { name: 'finds the next item when none starts at the offset', offset: 6, index: 3 },
    { name: 'answers the length when every item starts before the offset', offset: 10, index: 4 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(firstAtOrAfter(items, c.offset), c.index));
  it('answers 0 for no items', () => assert.equal(firstAtOrAfter([], 3), 0));
});
