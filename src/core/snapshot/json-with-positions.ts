// JSON(C) text parsed once, keeping the tree so later validation errors can point at file:line:column.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { InputError } from '../errors.js';
import type { SourceLocation } from '../types.js';

export type JsonPath = (string | number)[];

export interface PositionedJson {
  value: unknown;
  /**
   * Where the value at `path` starts (its property name with `atKey`); the nearest existing
   * ancestor when the path is missing.
   */
  locate(path: JsonPath, atKey?: boolean): SourceLocation;
}

/**
 * 1-based line and column of a UTF-16 offset. The line starts are found once, on the first call: the reader
 * locates every entry, and scanning from the start each time made an 800-vault snapshot take minutes.
 */
function locator(file: string, text: string): (offset: number) => SourceLocation {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const at = Math.min(offset, text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Throws InputError `code` at the first syntax error, with what to do about it. */
export function parseJsonWithPositions(file: string, text: string, code: string, fix: string): PositionedJson {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  const locate = locator(file, text);
  if (first !== undefined || root === undefined) {
    const offset = first?.offset ?? 0;
    const problem = first ? printParseErrorCode(first.error) : 'ValueExpected';
    throw new InputError({
      code,
      message: `${file} is not valid JSON: ${problem} at offset ${offset}.`,
      fix,
      location: locate(offset),
    });
  }
  return {
    value: getNodeValue(root),
    locate(path, atKey = false) {
      for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n));
        const property = atKey && n === path.length && node?.parent?.type === 'property' ? node.parent : undefined;
        if (node) return locate((property ?? node).offset);
      }
      return { file, line: 1, column: 1 };
    },
  };
}
