// Offsets → 1-based line and column, as editors and annotations count them; one line index per text, built lazily.
import type { SourceLocation } from './types.js';

/** Line starts are found once, on the first call (callers locate many offsets of one text). */
export function offsetLocator(file: string, text: string): (offset: number) => SourceLocation {
  const bom = text.charCodeAt(0) === 0xfeff;
  let starts: number[] | undefined;
  return (offset: number) => {
    starts ??= lineStarts(text);
    const at = Math.min(Math.max(offset, 0), text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    // Editors do not count the BOM as a column.
    const column = at - starts[lo]! + (bom && lo === 0 ? 0 : 1);
    return { file, line: lo + 1, column: Math.max(column, 1) };
  };
}

/** Offsets where lines start (after LF, CRLF or a lone CR), found with native indexOf scans. */
function lineStarts(text: string): number[] {
  // Lone CRs (old Mac line ends) are rare: a character loop. Tested first, as code after V8's optimized loop below deoptimizes.
  if (text.includes('\r') && /\r(?!\n)/.test(text)) {
    const all = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) all.push(i + 1);
    }
    return all;
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
