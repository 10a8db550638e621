// Minimal text edits on a JSONC document: replace a node, insert a property, remove an array element.
import type { Node } from 'jsonc-parser';
import { properties } from './json-nodes.js';

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
export function insertProperty(text: string, object: Node, key: string, valueText: string, unit: string, eol: string): TextEdit {
  const existing = properties(object);
  const last = existing[existing.length - 1];
  if (last === undefined) {
    const indent = lineIndent(text, object.offset);
    return {
      offset: object.offset,
      length: object.length,
      content: `{${eol}${indent}${unit}${JSON.stringify(key)}: ${valueText}${eol}${indent}}`,
    };
  }
  const indent = lineIndent(text, last.property.offset);
  const end = last.value.offset + last.value.length;
  return { offset: end, length: 0, content: `,${eol}${indent}${JSON.stringify(key)}: ${valueText}` };
}

/** Inserts `"key": value` just before an existing property (followed by a comma). */
export function insertPropertyBefore(text: string, before: Node, key: string, valueText: string, eol: string): TextEdit {
  const indent = lineIndent(text, before.offset);
  return { offset: before.offset, length: 0, content: `${JSON.stringify(key)}: ${valueText},${eol}${indent}` };
}

/** Removes one array element with the comma that separates it from a neighbour. */
export function removeArrayElement(array: Node, index: number): TextEdit {
  const items = array.children ?? [];
  const item = items[index]!;
  const next = items[index + 1];
  const previous = items[index - 1];
  if (next) return { offset: item.offset, length: next.offset - item.offset, content: '' };
  if (previous) {
    const start = previous.offset + previous.length;
    return { offset: start, length: item.offset + item.length - start, content: '' };
  }
  return { offset: item.offset, length: item.length, content: '' };
}
