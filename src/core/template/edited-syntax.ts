// Whether an edited document still parses, re-reading only the containers the edits touch rather than the whole text.
import type { Node, ParseError } from 'jsonc-parser';
import { firstSyntaxError } from './jsonc-document.js';
import { firstAtOrAfter } from './offset-order.js';
import { applyTextEdits, type TextEdit } from './text-edits.js';

/**
 * The first syntax error of `output` (the document's text with `edits` applied), or undefined.
 *
 * The original parsed, so the output does too when each outermost container that encloses edits parses with all the
 * edits inside it applied: any value can stand where another stood. Members no edit touches are read as one `0`
 * meanwhile, so appending to a list of 1000 policies re-reads the addition, not the 1000 entries.
 * Only when a region fails is the whole output scanned, for the offset of its first error.
 */
export function firstSyntaxErrorAfterEdits(root: Node, text: string, edits: readonly TextEdit[], output: string): ParseError | undefined {
  const containers = new Set<Node>();
  for (const edit of edits) {
    const container = innermostContainer(root, edit.offset, edit.offset + edit.length);
    if (container === undefined) return firstSyntaxError(output);
    containers.add(container);
  }
  // Stable sorts: edits at one offset keep the order they apply in.
  const ordered = [...edits].sort((a, b) => a.offset - b.offset);
  let next = 0;
  let regionEnd = -1;
  for (const container of [...containers].sort((a, b) => a.offset - b.offset)) {
    // Containers are nested or apart: one starting inside the previous region is part of it.
    if (container.offset < regionEnd) continue;
    regionEnd = container.offset + container.length;
    const inside: TextEdit[] = [];
    while (next < ordered.length && ordered[next]!.offset < regionEnd) inside.push(ordered[next++]!);
    if (firstSyntaxError(regionText(container, text, inside)) !== undefined) return firstSyntaxError(output);
  }
  return undefined;
}

/**
 * The container's text after its edits (sorted by offset), each run of members no edit touches written as one `0`
 * (`"": 0` in an object): a run of valid members can stand where one stood.
 */
function regionText(container: Node, text: string, edits: readonly TextEdit[]): string {
  const start = container.offset;
  const placeholder = container.type === 'object' ? '"": 0' : '0';
  const runs: { from: number; to: number }[] = [];
  let extendable = false;
  for (const member of container.children ?? []) {
    const end = member.offset + member.length;
    const last = runs[runs.length - 1];
    if (edits.some((e) => touches(e, member))) extendable = false;
    else if (extendable && !edits.some((e) => e.offset >= last!.to && e.offset <= member.offset)) last!.to = end;
    else {
      runs.push({ from: member.offset, to: end });
      extendable = true;
    }
  }
  const shifted = [...edits, ...runs.map((r) => ({ offset: r.from, length: r.to - r.from, content: placeholder }))];
  return applyTextEdits(text.slice(start, start + container.length), shifted.map((e) => ({ ...e, offset: e.offset - start })));
}

/** The deepest object or array whose brackets enclose [from, to) without being part of it. */
function innermostContainer(root: Node, from: number, to: number): Node | undefined {
  let found: Node | undefined;
  let node: Node | undefined = root;
  while (node !== undefined && encloses(node, from, to)) {
    found = node;
    node = childEnclosing(node, from, to);
  }
  return found;
}

function childEnclosing(container: Node, from: number, to: number): Node | undefined {
  const children = container.children ?? [];
  // Children are in text order: the last one starting before `from` is the only candidate.
  const candidate = children[firstAtOrAfter(children, from) - 1];
  const value = candidate?.type === 'property' ? candidate.children?.[1] : candidate;
  return value !== undefined && encloses(value, from, to) ? value : undefined;
}

function encloses(node: Node, from: number, to: number): boolean {
  return (node.type === 'object' || node.type === 'array') && from > node.offset && to < node.offset + node.length;
}

/** Whether the edit changes any character of `node` (an insertion at either end does not). */
function touches(edit: TextEdit, node: Node): boolean {
  const end = node.offset + node.length;
  return edit.length === 0 ? edit.offset > node.offset && edit.offset < end : edit.offset < end && node.offset < edit.offset + edit.length;
}
