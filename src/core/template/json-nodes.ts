// Reading jsonc-parser nodes the way ARM reads JSON: property names case-insensitive, the last duplicate wins.
import type { Node } from 'jsonc-parser';
import { firstAtOrAfter } from './offset-order.js';

/** A property of an object node: the `property` node, its key node and its value node. */
export interface PropertyNodes {
  property: Node;
  key: Node;
  value: Node;
}

/** The property named `name` (case-insensitive, as ARM matches names); the last one when repeated. */
export function findProperty(object: Node | undefined, name: string): PropertyNodes | undefined {
  if (object?.type !== 'object') return undefined;
  const wanted = name.toLowerCase();
  const anyLength = mayGrowWhenLowered(wanted);
  // Indexed, not destructured: planning asks this of every member of every resource, and destructuring iterates.
  let hit: Node | undefined;
  const members = object.children ?? [];
  for (let i = 0; i < members.length; i++) {
    const parts = members[i]!.children;
    if (parts?.[0] && parts[1] && sameName(String(parts[0].value), wanted, anyLength)) hit = members[i];
  }
  return hit === undefined ? undefined : { property: hit, key: hit.children![0]!, value: hit.children![1]! };
}

export function propertyValue(object: Node | undefined, name: string): Node | undefined {
  return findProperty(object, name)?.value;
}

/** The plain-value twin of propertyValue: the member named `name` of a parsed object, matched as ARM matches names. */
export function valueProperty(object: unknown, name: string): unknown {
  if (!isPlainObject(object)) return undefined;
  const wanted = name.toLowerCase();
  const anyLength = mayGrowWhenLowered(wanted);
  let hit: unknown;
  for (const key of Object.keys(object)) if (sameName(key, wanted, anyLength)) hit = object[key];
  return hit;
}

/** Names valueProperties reads, lower-cased once. */
export interface MemberNames {
  lower: string[];
  anyLength: boolean[];
}

export function memberNames(names: readonly string[]): MemberNames {
  const lower = names.map((name) => name.toLowerCase());
  return { lower, anyLength: lower.map(mayGrowWhenLowered) };
}

/** Several members of a parsed object (undefined where absent), matched as valueProperty matches, in one pass. */
export function valueProperties(object: unknown, names: MemberNames): unknown[] {
  const found: unknown[] = new Array<unknown>(names.lower.length).fill(undefined);
  if (!isPlainObject(object)) return found;
  for (const key of Object.keys(object)) {
    for (let i = 0; i < found.length; i++) if (sameName(key, names.lower[i]!, names.anyLength[i]!)) found[i] = object[key];
  }
  return found;
}

/** Lower-casing keeps the length except İ → i + U+0307: unless `lower` has that mark, other lengths never match. */
function mayGrowWhenLowered(lower: string): boolean {
  return lower.includes('\u0307');
}

function sameName(key: string, lower: string, anyLength: boolean): boolean {
  // Most keys are written as the name is: no lower-cased copy for those.
  return key === lower || ((anyLength || key.length === lower.length) && key.toLowerCase() === lower);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What `node` stands for inside `rootValue`, the already decoded value of its whole tree: a lookup, not a second decoding. */
export function valueAtNode(rootValue: unknown, node: Node): unknown {
  let value = rootValue;
  for (const step of nodePath(node)) {
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, step) ? (value as Record<string | number, unknown>)[step] : undefined;
  }
  return value;
}

/**
 * Property names and array indexes from the root to `node`, as jsonc-parser's getNodePath gives them; an element's
 * index is found by offset, not by a linear indexOf (which made reading each vault's policies scan every vault).
 */
export function nodePath(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  for (let child = node, parent = node.parent; parent?.children !== undefined; child = parent, parent = parent.parent) {
    if (parent.type === 'property') path.push(parent.children[0]!.value as string);
    else if (parent.type === 'array') {
      const index = firstAtOrAfter(parent.children, child.offset);
      if (parent.children[index] === child) path.push(index);
    }
  }
  return path.reverse();
}

/** Every property of an object node in file order (duplicates included). */
export function properties(object: Node | undefined): PropertyNodes[] {
  if (object?.type !== 'object') return [];
  const out: PropertyNodes[] = [];
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    const value = property.children?.[1];
    if (key && value) out.push({ property, key, value });
  }
  return out;
}

/** Follows a path of property names (case-insensitive) and array indexes. */
export function nodeAtPath(root: Node, path: readonly (string | number)[]): Node | undefined {
  let node: Node | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    node = typeof step === 'number' ? (node.type === 'array' ? node.children?.[step] : undefined) : propertyValue(node, step);
  }
  return node;
}

/** The text of a node exactly as written. */
export function nodeText(text: string, node: Node): string {
  return text.slice(node.offset, node.offset + node.length);
}

/** The plain value of a node; strings holding raw control characters are decoded from the original text. */
export function nodeValue(node: Node, text: string): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const { key, value } of properties(node)) {
        const name = String(key.value);
        // defineProperty only where assignment would misbehave: a "__proto__" key stays data, never a prototype.
        if (name === '__proto__') Object.defineProperty(out, name, { value: nodeValue(value, text), enumerable: true, writable: true, configurable: true });
        else out[name] = nodeValue(value, text);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => nodeValue(child, text));
    case 'string': {
      const raw = nodeText(text, node);
      if (!/[\u0000-\u001f]/.test(raw)) return node.value;
      const escaped = raw.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return JSON.parse(escaped) as string;
    }
    default:
      return node.value;
  }
}
