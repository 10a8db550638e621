// The jsonc-parser node tree of text JSON.parse already accepted, built lazily: a container's children exist once read.
import { parseTree, type Node, type NodeType } from 'jsonc-parser';

/**
 * Where every object and array of the text ends, in the order they open. jsonc-parser's scanner alone costs about
 * four JSON.parse runs of the same text; this pass only looks for quotes and brackets, with native indexOf.
 */
interface ContainerIndex {
  text: string;
  closes: number[];
  /** The index of the first container after this one's subtree. */
  after: number[];
}

/** The root node of `text`, which JSON.parse accepted (`start` skips a BOM): same shape as jsonc-parser's parseTree. */
export function strictJsonTree(text: string, start: number): Node {
  const index = indexContainers(text);
  const offset = skipWhitespace(text, start);
  const root: Mutable<Node> = readValue(index, offset, undefined, 0);
  // jsonc-parser's root has no parent property at all.
  delete root.parent;
  return root;
}

/** The tree of a JSON or JSONC fragment: lazily when JSON.parse accepts it (most template text), else jsonc-parser's. */
export function fragmentTree(text: string): Node | undefined {
  try {
    JSON.parse(text);
  } catch {
    return parseTree(text, [], { allowTrailingComma: true });
  }
  return strictJsonTree(text, 0);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class ContainerNode implements Node {
  parent?: Node;
  private built?: Node[];

  constructor(
    readonly type: 'object' | 'array',
    readonly offset: number,
    readonly length: number,
    parent: Node | undefined,
    private readonly index: ContainerIndex,
    private readonly position: number,
  ) {
    this.parent = parent;
  }

  get children(): Node[] {
    this.built ??= this.type === 'object' ? readMembers(this.index, this, this.position) : readElements(this.index, this, this.position);
    return this.built;
  }
}

/** The value at `offset`; `next` is the index of the first container at or after it. */
function readValue(index: ContainerIndex, offset: number, parent: Node | undefined, next: number): Node {
  const text = index.text;
  const c = text.charCodeAt(offset);
  if (c === 0x7b || c === 0x5b) {
    return new ContainerNode(c === 0x7b ? 'object' : 'array', offset, index.closes[next]! + 1 - offset, parent, index, next);
  }
  let end: number;
  let type: NodeType;
  let value: unknown;
  if (c === 0x22) {
    end = stringEnd(text, offset) + 1;
    type = 'string';
    value = decodeString(text, offset, end);
  } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
    const literal = c === 0x74 ? true : c === 0x66 ? false : null;
    end = offset + (c === 0x66 ? 5 : 4);
    type = literal === null ? 'null' : 'boolean';
    value = literal;
  } else {
    end = offset + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    type = 'number';
    value = Number(text.slice(offset, end));
  }
  return { type, offset, length: end - offset, parent, value };
}

/** The index of the first container after `node` (which started at or before container `next`). */
function nextAfter(index: ContainerIndex, node: Node, next: number): number {
  return node instanceof ContainerNode ? index.after[next]! : next;
}

function readMembers(index: ContainerIndex, object: Node, position: number): Node[] {
  const text = index.text;
  const children: Node[] = [];
  let next = position + 1;
  let i = skipWhitespace(text, object.offset + 1);
  while (text.charCodeAt(i) === 0x22) {
    const keyEnd = stringEnd(text, i) + 1;
    const colon = skipWhitespace(text, keyEnd);
    // Every field in the literal, in the order readValue writes its nodes: one object shape for the readers' caches.
    const property: Mutable<Node> = { type: 'property', offset: i, length: 0, parent: object, children: undefined, colonOffset: colon };
    const key: Node = { type: 'string', offset: i, length: keyEnd - i, parent: property, value: decodeString(text, i, keyEnd) };
    const value = readValue(index, skipWhitespace(text, colon + 1), property, next);
    const end = value.offset + value.length;
    property.length = end - i;
    // A literal of two, not push onto []: a pushed array reserves room for 17 more.
    property.children = [key, value];
    children.push(property);
    next = nextAfter(index, value, next);
    i = skipSeparator(text, end);
  }
  return children;
}

function readElements(index: ContainerIndex, array: Node, position: number): Node[] {
  const text = index.text;
  const children: Node[] = [];
  const close = array.offset + array.length - 1;
  let next = position + 1;
  let i = skipWhitespace(text, array.offset + 1);
  while (i < close) {
    const value = readValue(index, i, array, next);
    children.push(value);
    next = nextAfter(index, value, next);
    i = skipSeparator(text, value.offset + value.length);
  }
  return children;
}

function indexContainers(text: string): ContainerIndex {
  const closes: number[] = [];
  const after: number[] = [];
  const open: number[] = [];
  // The next position of each character that matters; a bracket inside a string is looked for again after it.
  const NONE = text.length;
  let quote = find(text, '"', 0);
  let brace = find(text, '{', 0);
  let braceEnd = find(text, '}', 0);
  let bracket = find(text, '[', 0);
  let bracketEnd = find(text, ']', 0);
  for (;;) {
    const at = Math.min(quote, brace, braceEnd, bracket, bracketEnd);
    if (at === NONE) break;
    if (at === quote) {
      const end = stringEnd(text, at);
      quote = find(text, '"', end + 1);
      if (brace < end) brace = find(text, '{', end);
      if (braceEnd < end) braceEnd = find(text, '}', end);
      if (bracket < end) bracket = find(text, '[', end);
      if (bracketEnd < end) bracketEnd = find(text, ']', end);
    } else if (at === brace || at === bracket) {
      open.push(closes.length);
      closes.push(0);
      after.push(0);
      if (at === brace) brace = find(text, '{', at + 1);
      else bracket = find(text, '[', at + 1);
    } else {
      const k = open.pop()!;
      closes[k] = at;
      after[k] = closes.length;
      if (at === braceEnd) braceEnd = find(text, '}', at + 1);
      else bracketEnd = find(text, ']', at + 1);
    }
  }
  return { text, closes, after };
}

/** The next `ch` at or after `from`, else the text's length (after every real position). */
function find(text: string, ch: string, from: number): number {
  const at = text.indexOf(ch, from);
  return at < 0 ? text.length : at;
}

/** The offset of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (text.charCodeAt(end - 1) === 0x5c) {
    let slashes = 1;
    while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

function decodeString(text: string, start: number, end: number): string {
  const inner = text.slice(start + 1, end - 1);
  return inner.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : inner;
}

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Past the whitespace and the comma (if any) after a value. */
function skipSeparator(text: string, i: number): number {
  i = skipWhitespace(text, i);
  return text.charCodeAt(i) === 0x2c ? skipWhitespace(text, i + 1) : i;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}
