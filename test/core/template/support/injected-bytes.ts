// Test support, written apart from the code under test: the exact bytes inject owns in a template (each vault's
// accessPolicies value, the accessPolicies copy loop with its comma, the per-iteration variable) and the bytes it wrote
// in their place. Everything else — every comment, every space, every other member — must be byte-identical.
import { createScanner, parseTree, type Node } from 'jsonc-parser';

/** A span of one text; `comments` spans are owned except for the comments inside them, which inject must keep. */
interface Span {
  start: number;
  end: number;
  comments?: boolean;
}

export interface Masked {
  input: string;
  output: string;
}

/** Both texts with the owned (input) and written (output) spans replaced by one marker each (plus kept comments). */
export function outsideInjectedBytes(input: string, output: string, vaultPaths: readonly (string | number)[][]): Masked {
  const inRoot = tree(input);
  const outRoot = tree(output);
  const inSpans: Span[] = [];
  const outSpans: Span[] = [];
  // The iterations of a resource copy loop share one resource.
  const unique = [...new Map(vaultPaths.map((p) => [JSON.stringify(p), p])).values()];
  for (const path of unique) {
    const inProps = member(at(inRoot, path), 'properties')?.value;
    const outProps = member(at(outRoot, path), 'properties')?.value;
    if (!inProps || !outProps) continue;
    const inPolicies = member(inProps, 'accessPolicies');
    const outPolicies = member(outProps, 'accessPolicies');
    const copy = member(inProps, 'copy');
    const loopIn = (m: Member | undefined) => m?.value.children?.find((c) => String(member(c, 'name')?.value.value).toLowerCase() === 'accesspolicies');
    // A loop still in the output was not edited (the template already deployed what was asked).
    const loop = loopIn(member(outProps, 'copy')) ? undefined : loopIn(copy);
    if (inPolicies && outPolicies) {
      inSpans.push(spanOf(inPolicies.value));
      outSpans.push(spanOf(outPolicies.value));
    }
    if (copy && loop && copy.value.children!.length === 1 && !inPolicies && outPolicies) {
      // The loop was all `copy` held: the property became accessPolicies; comments inside it moved above, one a line.
      inSpans.push({ start: copy.property.offset, end: loop.offset, comments: true }, spanOf(loop), { start: end(loop), end: end(copy.property), comments: true });
      const indent = lineIndent(input, copy.property.offset);
      const eol = input.includes('\r\n') ? '\r\n' : '\n';
      const moved = commentsIn(input, copy.property.offset, end(copy.property)).filter((c) => c.start < loop.offset || c.start >= end(loop));
      const before = moved.reduce((n, c) => n + c.end - c.start + eol.length + indent.length, 0);
      outSpans.push({ start: outPolicies.property.offset - before, end: outPolicies.property.offset, comments: true }, spanOf(outPolicies.property));
      continue;
    }
    if (copy && loop) {
      const removed = loopRemoval(input, copy.value, loop);
      inSpans.push(...removed);
      // In the output nothing stands there: a zero-length span where each removed one was, found from what precedes it.
      const i = copy.value.children!.indexOf(loop);
      const outArray = member(outProps, 'copy')!.value;
      const previous = copy.value.children![i - 1];
      let inAnchor = previous ? end(previous) : copy.value.offset;
      let outAnchor = previous ? end(outArray.children![i - 1]!) : outArray.offset;
      for (const span of removed) {
        outAnchor += span.start - inAnchor;
        outSpans.push({ start: outAnchor, end: outAnchor });
        inAnchor = span.end;
      }
    }
    if (!inPolicies && outPolicies) {
      outSpans.push(inserted(outProps, outPolicies));
      inSpans.push(insertionPoint(input, inProps));
    }
  }
  variableSpans(inRoot, outRoot, input, output, inSpans, outSpans);
  return { input: mask(input, inSpans), output: mask(output, outSpans) };
}

interface Member {
  property: Node;
  key: Node;
  value: Node;
}

function tree(text: string): Node {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) throw new Error('the text does not parse');
  return root;
}

function members(object: Node | undefined): Member[] {
  if (object?.type !== 'object') return [];
  return (object.children ?? []).flatMap((property) => (property.children?.length === 2 ? [{ property, key: property.children[0]!, value: property.children[1]! }] : []));
}

function member(object: Node | undefined, name: string): Member | undefined {
  return members(object).filter((m) => String(m.key.value).toLowerCase() === name.toLowerCase()).at(-1);
}

function at(root: Node, path: readonly (string | number)[]): Node | undefined {
  let node: Node | undefined = root;
  for (const step of path) node = typeof step === 'number' ? node?.children?.[step] : member(node, step)?.value;
  return node;
}

const end = (node: Node) => node.offset + node.length;
const spanOf = (node: Node): Span => ({ start: node.offset, end: end(node) });

/**
 * A member inject added after the object's last one: `,<eol><indent>"name": value` from the previous value's end,
 * with the comments that ended that value's line kept (they stay on it, after the comma).
 */
function inserted(object: Node, added: Member): Span {
  const list = members(object);
  const previous = list[list.findIndex((m) => m.property === added.property) - 1];
  if (!previous) throw new Error('a member inserted into an empty object: not generated here');
  return { start: end(previous.value), end: end(added.property), comments: true };
}

/** The end of the comments that follow `from` on its line (only spaces between), or `from` when there are none. */
function sameLineComments(text: string, from: number): number {
  const lineEnd = from + text.slice(from).search(/\r|\n|$/);
  let stop = from;
  for (const t of tokens(text, from, lineEnd)) {
    const body = text.slice(t.start, t.end);
    if (t.kind === LINE_COMMENT || (t.kind === BLOCK_COMMENT && body.endsWith('*/') && body.length >= 4)) stop = t.end;
    else if (t.kind !== WHITESPACE) break;
  }
  return stop;
}

/** Where inject appends a member to a non-empty object: after its last value, where only comments on that line are. */
function insertionPoint(text: string, object: Node): Span {
  const last = members(object).at(-1);
  if (!last) throw new Error('an insertion into an empty object: not generated here');
  return { start: end(last.value), end: sameLineComments(text, end(last.value)), comments: true };
}

/** The loop element, the one comma that separated it, and a line the two leave blank. */
function loopRemoval(text: string, array: Node, loop: Node): Span[] {
  const items = array.children!;
  const i = items.indexOf(loop);
  const next = items[i + 1];
  const previous = items[i - 1];
  const blank = (a: number, b: number) => /^\s*$/.test(text.slice(a, b));
  if (next) {
    const comma = commaIn(text, end(loop), next.offset);
    if (!blank(end(loop), comma)) return [wholeLine(text, loop.offset, end(loop)), { start: comma, end: comma + 1 }];
    const spaces = /^[ \t]*/.exec(text.slice(comma + 1, next.offset))![0].length;
    return [wholeLine(text, loop.offset, comma + 1 + (comma + 1 + spaces === next.offset ? spaces : 0))];
  }
  if (previous) {
    const comma = commaIn(text, end(previous), loop.offset);
    if (blank(end(previous), comma) && blank(comma + 1, loop.offset)) return [{ start: end(previous), end: end(loop) }];
    return [{ start: comma, end: comma + 1 }, wholeLine(text, loop.offset, end(loop))];
  }
  return [wholeLine(text, loop.offset, end(loop))];
}

/** [start, end), or the whole line with its line break when nothing else stands on it. */
function wholeLine(text: string, start: number, stop: number): Span {
  const indent = lineIndent(text, start);
  const lineStart = start - indent.length;
  const startsLine = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
  const rest = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(stop));
  return startsLine && rest ? { start: lineStart, end: stop + rest[0].length } : { start, end: stop };
}

function lineIndent(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

const COMMA = 5;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const WHITESPACE = 15;
const EOF = 17;

function tokens(text: string, from: number, to: number): { kind: number; start: number; end: number }[] {
  const scanner = createScanner(text.slice(from, to), false);
  const found = [];
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    found.push({ kind, start: from + scanner.getTokenOffset(), end: from + scanner.getTokenOffset() + scanner.getTokenLength() });
  }
  return found;
}

function commaIn(text: string, from: number, to: number): number {
  const comma = tokens(text, from, to).find((t) => t.kind === COMMA);
  if (!comma) throw new Error('no comma between two array elements');
  return comma.start;
}

function commentsIn(text: string, from: number, to: number): { start: number; end: number }[] {
  return tokens(text, from, to).filter((t) => t.kind === LINE_COMMENT || t.kind === BLOCK_COMMENT);
}

/** Per-iteration variables (`kvpgAccessPolicies…`) inject added or rewrote, at every template level of the output. */
function variableSpans(inRoot: Node, outRoot: Node, input: string, output: string, inSpans: Span[], outSpans: Span[]): void {
  const visit = (outObject: Node, path: (string | number)[]) => {
    const outVariables = member(outObject, 'variables');
    const ours = members(outVariables?.value).filter((m) => /^kvpgAccessPolicies\d*$/.test(String(m.key.value)));
    if (ours.length > 0 && member(outObject, 'resources')) {
      const inVariables = member(at(inRoot, path), 'variables');
      if (!inVariables) {
        // A new section, inserted before `resources` with the comma and line break that separate them.
        outSpans.push({ start: outVariables!.property.offset, end: member(outObject, 'resources')!.property.offset });
        const at_ = member(at(inRoot, path), 'resources')!.property.offset;
        inSpans.push({ start: at_, end: at_ });
      } else {
        const had = members(inVariables.value);
        for (const m of ours) {
          const before = member(inVariables.value, String(m.key.value));
          if (before) {
            inSpans.push(spanOf(before.value));
            outSpans.push(spanOf(m.value));
          }
        }
        const added = ours.filter((m) => !member(inVariables.value, String(m.key.value)));
        if (added.length > 0 && had.length > 0) {
          for (const m of added) outSpans.push(inserted(outVariables!.value, m));
          inSpans.push(insertionPoint(input, inVariables.value));
        } else if (added.length > 0) {
          // An empty section: what followed its last comment (or its brace) up to the closing brace.
          const inStart = commentsIn(input, inVariables.value.offset + 1, end(inVariables.value) - 1).at(-1)?.end ?? inVariables.value.offset + 1;
          inSpans.push({ start: inStart, end: end(inVariables.value) - 1 });
          const outStart = commentsIn(output, outVariables!.value.offset + 1, added[0]!.property.offset).at(-1)?.end ?? outVariables!.value.offset + 1;
          outSpans.push({ start: outStart, end: end(outVariables!.value) - 1 });
        }
      }
    }
    for (const m of members(outObject)) walk(m.value, [...path, String(m.key.value)]);
  };
  const walk = (node: Node, path: (string | number)[]) => {
    if (node.type === 'object') visit(node, path);
    else if (node.type === 'array') node.children?.forEach((child, i) => walk(child, [...path, i]));
  };
  walk(outRoot, []);
}

function mask(text: string, spans: Span[]): string {
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let cursor = 0;
  let open: string[] | undefined;
  for (const span of ordered) {
    if (span.start < cursor) throw new Error(`overlapping owned spans at ${span.start}`);
    // Touching spans are one owned stretch: one marker, holding the comments kept inside it.
    if (open === undefined || span.start > cursor) {
      if (open) parts.push(`⟪${open.join('⟫⟪')}⟫`);
      parts.push(text.slice(cursor, span.start));
      open = [];
    }
    if (span.comments) open.push(...commentsIn(text, span.start, span.end).map((c) => text.slice(c.start, c.end)));
    cursor = span.end;
  }
  if (open) parts.push(`⟪${open.join('⟫⟪')}⟫`);
  return parts.join('') + text.slice(cursor);
}
