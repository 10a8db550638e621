// Access policies as template text: entries the template already had stay byte-for-byte, new ones follow its style.
import type { Node } from 'jsonc-parser';
import { categoriesOf, type AccessPolicyEntry, type TemplatePolicy } from '../policy/model.js';
import { findProperty, nodeText } from './json-nodes.js';
import { fragmentTree } from './strict-json-tree.js';
import { lineIndent } from './text-edits.js';

export interface Layout {
  eol: string;
  /** One level of indentation. */
  unit: string;
  /** Indentation of the line that holds the array (its property key). */
  base: string;
}

/** The array as text; with `existing`, unchanged leading entries and the array's own layout are kept. */
export function renderPolicyArray(policies: readonly TemplatePolicy[], layout: Layout, text?: string, existing?: Node): string {
  const indent = `${layout.base}${layout.unit}`;
  const rendered = policies.map((p) => renderEntry(p, layout, indent));
  if (existing?.type === 'array' && text !== undefined) {
    const kept = (existing.children ?? []).map((child) => nodeText(text, child));
    const whole = nodeText(text, existing);
    if (kept.length === rendered.length && kept.every((k, i) => k === rendered[i])) return whole;
    const children = existing.children ?? [];
    // Every original entry still in its place, as written or with its permissions rewritten: those are edited where
    // they stand and the rest appended after the last, so comments and spacing between entries survive.
    const inPlace = children.length > 0 && kept.length <= rendered.length && kept.every((k, i) => k === rendered[i] || sourceOf(policies[i]!) === k);
    if (inPlace) {
      const existingIndent = elementIndent(text, existing, layout);
      let out = '';
      let at = existing.offset;
      for (let i = 0; i < children.length; i++) {
        out += text.slice(at, children[i]!.offset) + rendered[i];
        at = children[i]!.offset + children[i]!.length;
      }
      out += rendered.slice(kept.length).map((r) => `,${layout.eol}${existingIndent}${r}`).join('');
      return out + text.slice(at, existing.offset + existing.length);
    }
  }
  if (rendered.length === 0) return '[]';
  return `[${layout.eol}${indent}${rendered.join(`,${layout.eol}${indent}`)}${layout.eol}${layout.base}]`;
}

/** The template entry text a merged policy was made from (its permissions may have been widened since). */
function sourceOf(policy: TemplatePolicy): string | undefined {
  return policy.kind === 'resolved' ? policy.sourceText : undefined;
}

/** A policy as JSON text: its rawText when it has one, else generated at `indent`. */
function renderEntry(policy: TemplatePolicy, layout: Pick<Layout, 'eol' | 'unit'>, indent: string): string {
  if (policy.rawText !== undefined) return policy.rawText;
  if (policy.kind === 'resolved' && policy.sourceText !== undefined) {
    const rewritten = withPermissions(policy.sourceText, plainEntry(policy)['permissions'] as Record<string, string[]>, layout, policy.unchangedCategories);
    if (rewritten !== undefined) return rewritten;
  }
  // JSON.stringify(plainEntry(policy), null, unit) with each line break followed by `indent`, written directly: inject
  // renders every live-only principal of every vault this way. JSON.stringify indents by at most 10 characters, and by
  // none for an empty unit: those layouts take it as is.
  if (policy.kind === 'resolved' && layout.unit !== '' && layout.unit.length <= 10) return entryText(policy.entry, layout.unit, `${layout.eol}${indent}`);
  const json = JSON.stringify(plainEntry(policy), null, layout.unit);
  return json.split('\n').join(`${layout.eol}${indent}`);
}

/** The text of JSON.stringify(plainEntry) at indent `unit`, `nl` standing for each of its line breaks. */
function entryText(entry: AccessPolicyEntry, unit: string, nl: string): string {
  const inner = `${nl}${unit}`;
  let text = `{${inner}"tenantId": ${JSON.stringify(entry.tenantId)},${inner}"objectId": ${JSON.stringify(entry.objectId)},`;
  if (entry.applicationId !== undefined && entry.applicationId !== '') text += `${inner}"applicationId": ${JSON.stringify(entry.applicationId)},`;
  let categories = '';
  for (const category of categoriesOf(entry.permissions)) {
    const names = entry.permissions[category]!;
    const list = names.map((name) => `${inner}${unit}${unit}${JSON.stringify(name)}`).join(',');
    categories += `${categories === '' ? '' : ','}${inner}${unit}"${category}": [${list}${inner}${unit}]`;
  }
  text += categories === '' ? `${inner}"permissions": {}` : `${inner}"permissions": {${categories}${inner}}`;
  return `${text}${nl}}`;
}

/** The value ARM would receive for a resolved policy (opaque ones only exist as text). */
function plainEntry(policy: TemplatePolicy): Record<string, unknown> {
  if (policy.kind === 'opaque') throw new Error('an opaque access policy has no plain value');
  const { tenantId, objectId, applicationId, permissions } = policy.entry;
  const out: Record<string, unknown> = { tenantId, objectId };
  if (applicationId !== undefined && applicationId !== '') out['applicationId'] = applicationId;
  const perms: Record<string, string[]> = {};
  for (const category of categoriesOf(permissions)) perms[category] = [...permissions[category]!];
  out['permissions'] = perms;
  return out;
}

/**
 * The template's own entry text with only its `permissions` value replaced, so ids written as expressions
 * (`[parameters('appObjectId')]`, `[subscription().tenantId]`) stay expressions. Undefined when the text has no
 * permissions property to replace.
 */
function withPermissions(sourceText: string, permissions: Record<string, string[]>, layout: Pick<Layout, 'eol' | 'unit'>, unchanged: readonly string[] = []): string | undefined {
  const tree = fragmentTree(sourceText);
  if (tree?.type !== 'object') return undefined;
  // The last of duplicate keys is the one ARM (and the plan) reads.
  const found = findProperty(tree, 'permissions');
  if (found === undefined) return undefined;
  const { property, value } = found;
  const oneLine = !/\n/.test(nodeText(sourceText, value));
  const indent = lineIndent(sourceText, property.offset);
  // A category the merge left alone keeps its text as written (`"keys": "[parameters('keyPermissions')]"` stays).
  const asWritten = (category: string) => {
    const kept = value.type === 'object' && unchanged.includes(category) ? findProperty(value, category) : undefined;
    return kept === undefined ? undefined : nodeText(sourceText, kept.property);
  };
  const categories = Object.entries(permissions);
  const written = categories.map(([c]) => asWritten(c));
  let text: string;
  if (oneLine) {
    text = `{ ${categories.map(([c, names], i) => written[i] ?? `"${c}": [${names.map((n) => `"${n}"`).join(', ')}]`).join(', ')} }`;
  } else if (written.every((w) => w === undefined)) {
    text = JSON.stringify(permissions, null, layout.unit).split('\n').join(`${layout.eol}${indent}`);
  } else {
    const inner = `${layout.eol}${indent}${layout.unit}`;
    const parts = categories.map(([c, names], i) => written[i] ?? `"${c}": ${JSON.stringify(names, null, layout.unit).split('\n').join(inner)}`);
    text = `{${inner}${parts.join(`,${inner}`)}${layout.eol}${indent}}`;
  }
  return sourceText.slice(0, value.offset) + text + sourceText.slice(value.offset + value.length);
}

function elementIndent(text: string, array: Node, layout: Layout): string {
  const first = array.children?.[0];
  if (first === undefined) return `${layout.base}${layout.unit}`;
  let start = first.offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const before = text.slice(start, first.offset);
  return /^[ \t]*$/.test(before) ? before : `${layout.base}${layout.unit}`;
}
