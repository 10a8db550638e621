// Minimal text edits on a JSONC document: replace a node, insert a property, remove an array element.
import { createScanner, type Node } from 'jsonc-parser';
import { properties } from './json-nodes.js';

// jsonc-parser's SyntaxKind is an ambient const enum, which isolated modules cannot read: its values, as it defines them.
const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** Applies non-overlapping edits; at the same offset, edits apply in the order given. One pass: linear in the text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.offset - b.edit.offset || a.order - b.order);
  const parts: string[] = [];
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.offset < cursor) throw new Error(`overlapping template edits at offset ${edit.offset}`);
    parts.push(text.slice(cursor, edit.offset), edit.content);
    cursor = edit.offset + edit.length;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/**
 * The edit that makes `node` read `content`. When `content` is the node's text with something added after its last
 * child (policies appended to an array), only that addition: the edit stays as small as what changed.
 */
export function replaceNode(text: string, node: Node, content: string): TextEdit {
  const last = node.children?.[node.children.length - 1];
  if (last !== undefined && content.length > node.length) {
    const cut = last.offset + last.length;
    const end = node.offset + node.length;
    const tail = end - cut;
    const head = cut - node.offset;
    // slice and === rather than startsWith: V8 compares a concatenated string one character at a time there.
    if (content.slice(0, head) === text.slice(node.offset, cut) && content.slice(content.length - tail) === text.slice(cut, end)) {
      return { offset: cut, length: 0, content: content.slice(head, content.length - tail) };
    }
  }
  return { offset: node.offset, length: node.length, content };
}

/** The spaces and tabs that start the line holding `offset` (a BOM is not indentation). */
export function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  if (text.charCodeAt(start) === 0xfeff) start++;
  const match = /^[ \t]*/.exec(text.slice(start, offset));
  return match ? match[0] : '';
}

/** Indentation of an object's members: its first member's, else the object's own plus one unit. */
export function memberIndent(text: string, object: Node, unit: string): string {
  const first = object.children?.[0];
  return first ? lineIndent(text, first.offset) : lineIndent(text, object.offset) + unit;
}

/** One level of indentation as the file writes it (the first nested property's indent), else two spaces. */
export function indentUnit(text: string, root: Node): string {
  const first = properties(root)[0];
  if (first === undefined) return '  ';
  const own = lineIndent(text, first.property.offset);
  const rootIndent = lineIndent(text, root.offset);
  const onOwnLine = /[\r\n]/.test(text.slice(root.offset, first.property.offset));
  return onOwnLine && own.length > rootIndent.length ? own.slice(rootIndent.length) : '  ';
}

/** Inserts `"key": value` as the object's last property, indented like its siblings. */
export function insertProperty(text: string, object: Node, key: string, valueText: string, unit: string, eol: string): TextEdit[] {
  return insertProperties(text, object, [[key, valueText]], unit, eol);
}

/**
 * Inserts members after the object's last property (all at one place: two inserts into an empty object would need a
 * comma between). Comments that end the last member's line stay on it: the comma goes after the value, the members
 * after the comments.
 */
export function insertProperties(text: string, object: Node, members: readonly (readonly [string, string])[], unit: string, eol: string): TextEdit[] {
  const existing = properties(object);
  const last = existing[existing.length - 1];
  if (last === undefined) {
    // An empty object may hold comments (`{ /* none yet */ }`): only the blank after the last of them is replaced.
    const indent = lineIndent(text, object.offset);
    const close = object.offset + object.length - 1;
    const start = endOfLastComment(text, object.offset + 1, close) ?? object.offset + 1;
    const body = members.map(([key, value]) => `${indent}${unit}${JSON.stringify(key)}: ${value}`).join(`,${eol}`);
    return [{ offset: start, length: close - start, content: `${eol}${body}${eol}${indent}` }];
  }
  const indent = lineIndent(text, last.property.offset);
  const end = last.value.offset + last.value.length;
  const added = members.map(([key, value]) => `${eol}${indent}${JSON.stringify(key)}: ${value}`).join(',');
  const sameLine = /^(?:[ \t]*\/\*(?:(?!\*\/)[^\r\n])*\*\/)*(?:[ \t]*\/\/[^\r\n]*)?/.exec(text.slice(end))![0];
  if (/\/[/*]/.test(sameLine)) return [{ offset: end, length: 0, content: ',' }, { offset: end + sameLine.length, length: 0, content: added }];
  return [{ offset: end, length: 0, content: `,${added}` }];
}

/** Inserts `"key": value` just before an existing property (followed by a comma). */
export function insertPropertyBefore(text: string, before: Node, key: string, valueText: string, eol: string): TextEdit {
  const indent = lineIndent(text, before.offset);
  return { offset: before.offset, length: 0, content: `${JSON.stringify(key)}: ${valueText},${eol}${indent}` };
}

/**
 * Removes one array element and the comma that separates it from a neighbour, and nothing else: comments beside it
 * stay (they may be about the next element). A line the removal leaves blank goes too.
 */
export function removeArrayElement(text: string, array: Node, index: number): TextEdit[] {
  const items = array.children ?? [];
  const item = items[index]!;
  const itemEnd = item.offset + item.length;
  const next = items[index + 1];
  const previous = items[index - 1];
  if (next) {
    const comma = commaBetween(text, itemEnd, next.offset);
    // Spaces between the comma and the next element on the same line go with it: `[1, 2, 3]` → `[1, 3]`.
    const after = /^[ \t]*/.exec(text.slice(comma + 1, next.offset))![0].length;
    const toNext = comma + 1 + after === next.offset ? after : 0;
    if (isBlank(text, itemEnd, comma)) return [withBlankLine(text, item.offset, comma + 1 + toNext)];
    return [withBlankLine(text, item.offset, itemEnd), { offset: comma, length: 1, content: '' }];
  }
  if (previous) {
    const previousEnd = previous.offset + previous.length;
    const comma = commaBetween(text, previousEnd, item.offset);
    if (isBlank(text, previousEnd, comma) && isBlank(text, comma + 1, item.offset)) return [{ offset: previousEnd, length: itemEnd - previousEnd, content: '' }];
    return [{ offset: comma, length: 1, content: '' }, withBlankLine(text, item.offset, itemEnd)];
  }
  return [withBlankLine(text, item.offset, itemEnd)];
}

/** The tokens of text[from, to), comments included, at their offsets in `text`. */
function* tokensBetween(text: string, from: number, to: number): Generator<{ kind: number; offset: number; end: number }> {
  const scanner = createScanner(text.slice(from, to), false);
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    const offset = from + scanner.getTokenOffset();
    yield { kind, offset, end: offset + scanner.getTokenLength() };
  }
}

const isComment = (kind: number) => kind === LINE_COMMENT || kind === BLOCK_COMMENT;

/** The offset of the comma between two array elements (comments may sit on either side of it). */
function commaBetween(text: string, from: number, to: number): number {
  for (const token of tokensBetween(text, from, to)) if (token.kind === COMMA) return token.offset;
  throw new Error(`no comma between offsets ${from} and ${to}`);
}

/** The comments inside `node` but outside `inner`, in text order. */
export function commentsOutside(text: string, node: Node, inner: Node): string[] {
  const comments: string[] = [];
  for (const t of tokensBetween(text, node.offset, node.offset + node.length)) {
    if (isComment(t.kind) && (t.offset < inner.offset || t.offset >= inner.offset + inner.length)) comments.push(text.slice(t.offset, t.end));
  }
  return comments;
}

/** Where the last comment between `from` and `to` ends, if there is one. */
function endOfLastComment(text: string, from: number, to: number): number | undefined {
  let end: number | undefined;
  for (const t of tokensBetween(text, from, to)) if (isComment(t.kind)) end = t.end;
  return end;
}

function isBlank(text: string, from: number, to: number): boolean {
  return /^\s*$/.test(text.slice(from, to));
}

/** Deletes [start, end), or its whole line when nothing else is on it. */
function withBlankLine(text: string, start: number, end: number): TextEdit {
  const lineStart = start - lineIndent(text, start).length;
  const rest = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(end));
  const startsLine = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
  if (rest && startsLine) return { offset: lineStart, length: end + rest[0].length - lineStart, content: '' };
  return { offset: start, length: end - start, content: '' };
}
