import assert from 'node:assert/strict';
import { offsetLocator } from '../../src/core/text-position.js';

describe('offsetLocator', () => {
  const cases: { name: string; text: string; offset: number; line: number; column: number }[] = [
    { name: 'counts the first character as line 1, column 1', text: 'ab\ncd', offset: 0, line: 1, column: 1 },
    { name: 'starts a new line after an LF', text: 'ab\ncd', offset: 3, line: 2, column: 1 },
    { name: 'counts columns from 1 after an LF', text: 'ab\ncd', offset: 4, line: 2, column: 2 },
    { name: 'starts a new line after a CRLF, not between its CR and LF', text: 'ab\r\ncd', offset: 4, line: 2, column: 1 },
    { name: 'places the LF of a CRLF on the line it ends', text: 'ab\r\ncd', offset: 3, line: 1, column: 4 },
    { name: 'starts a new line after a lone CR', text: 'ab\rcd', offset: 3, line: 2, column: 1 },
    { name: 'counts CRLF, lone CR and LF once each in a text that mixes them', text: 'a\r\nb\rc\nd', offset: 7, line: 4, column: 1 },
    { name: 'does not split a CRLF in a text that also has a lone CR', text: 'a\r\nb\rc\nd', offset: 3, line: 2, column: 1 },
    { name: 'does not count a BOM as a column of line 1', text: '\ufeffab\ncd', offset: 2, line: 1, column: 2 },
    { name: 'places the BOM itself at line 1, column 1', text: '\ufeffab\ncd', offset: 0, line: 1, column: 1 },
    { name: 'counts columns normally on the lines after a BOM', text: '\ufeffab\ncd', offset: 5, line: 2, column: 2 },
    { name: 'clamps a negative offset to the start of the text', text: 'ab\ncd', offset: -5, line: 1, column: 1 },
    { name: 'clamps an offset past the end to just after the last character', text: 'ab\ncd', offset: 99, line: 2, column: 3 },
    { name: 'places the end of a text ending in a newline on the empty last line', text: 'ab\n', offset: 3, line: 2, column: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(offsetLocator('t.json', c.text)(c.offset), { file: 't.json', line: c.line, column: c.column }));
  }

  it('gives the same answers when one locator is asked many offsets in any order', () => {
    const text = 'a\r\nb\rc\nd';
    const locate = offsetLocator('t.json', text);
    const offsets = [7, 0, 5, 3, 1];
    const fresh = offsets.map((o) => offsetLocator('t.json', text)(o));
    assert.deepEqual(offsets.map(locate), fresh);
  });
});
