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

/** 1-based line and column of a UTF-16 offset. */
export function offsetToLocation(file: string, text: string, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: offset - lineStart + 1 };
}

/** Throws InputError `code` at the first syntax error, with what to do about it. */
export function parseJsonWithPositions(file: string, text: string, code: string, fix: string): PositionedJson {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const offset = first?.offset ?? 0;
    const problem = first ? printParseErrorCode(first.error) : 'ValueExpected';
    throw new InputError({
      code,
      message: `${file} is not valid JSON: ${problem} at offset ${offset}.`,
      fix,
      location: offsetToLocation(file, text, offset),
    });
  }
  return {
    value: getNodeValue(root),
    locate(path, atKey = false) {
      for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n));
        const property = atKey && n === path.length && node?.parent?.type === 'property' ? node.parent : undefined;
        if (node) return offsetToLocation(file, text, (property ?? node).offset);
      }
      return { file, line: 1, column: 1 };
    },
  };
}
