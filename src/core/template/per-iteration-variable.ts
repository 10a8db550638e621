// A vault in a copy loop whose iterations need different policies: an array of arrays indexed by copyIndex.
import type { Node } from 'jsonc-parser';
import type { TemplatePolicy } from '../policy/model.js';
import type { PlannedVault } from '../types.js';
import { nodeAtPath, propertyValue } from './json-nodes.js';
import type { TemplateDocument } from './jsonc-document.js';
import { renderPolicyArray } from './render-policies.js';
import { lineIndent, memberIndent } from './text-edits.js';

export interface PendingVariable {
  /** Path of the template object whose `variables` section gets the variable. */
  levelPath: (string | number)[];
  name: string;
  /** The array of arrays, rendered for `indent`. */
  render: (indent: string) => string;
  /** Present when an earlier injection already created it: its value node is replaced. */
  existing?: Node;
}

export type VariablePlan = { ok: true; reference: string; variable: PendingVariable } | { ok: false; reason: string };

const BASE_NAME = 'kvpgAccessPolicies';
const OUR_REFERENCE = /^\[variables\('(kvpgAccessPolicies\d*)'\)\[copyIndex\('[^']*'\)\]\]$/;

export function perIterationVariable(
  doc: TemplateDocument,
  resource: Node,
  group: readonly { vault: PlannedVault; policies: TemplatePolicy[] }[],
  layout: { unit: string; eol: string },
  taken: Set<string>,
): VariablePlan {
  const loop = propertyValue(propertyValue(resource, 'copy'), 'name')?.value;
  if (typeof loop !== 'string') {
    return { ok: false, reason: 'the vault is deployed several times (its deployment is in a copy loop) with different policies per iteration; give each its own template or merge by hand' };
  }
  const unknown = group[0]!.vault.conditionOff?.find((off) => off.policies === undefined);
  if (unknown) {
    return { ok: false, reason: `iteration ${unknown.copyIndex} of copy loop '${loop}' is not deployed (its condition is false) and its accessPolicies cannot be evaluated offline (${unknown.reason}), so a per-iteration variable cannot keep them` };
  }
  const rows = [
    ...group.map((e) => ({ copyIndex: e.vault.copyIndex ?? -1, policies: e.policies })),
    ...(group[0]!.vault.conditionOff ?? []).map((off) => ({ copyIndex: off.copyIndex, policies: off.policies! })),
  ];
  const ordered = rows.sort((a, b) => a.copyIndex - b.copyIndex);
  if (ordered.some((e, i) => e.copyIndex !== i)) {
    return { ok: false, reason: `not every iteration of copy loop '${loop}' has merged policies` };
  }
  if (ordered.some((e) => e.policies.some((p) => p.kind === 'opaque'))) {
    return { ok: false, reason: `copy loop '${loop}' needs different policies per iteration and some are only known at deployment time` };
  }
  const levelPath = group[0]!.vault.levelPath ?? [];
  const variables = propertyValue(nodeAtPath(doc.root, levelPath), 'variables');
  const current = propertyValue(propertyValue(resource, 'properties'), 'accessPolicies')?.value;
  const reuse = typeof current === 'string' ? OUR_REFERENCE.exec(current)?.[1] : undefined;
  const existing = reuse === undefined ? undefined : propertyValue(variables, reuse);
  const name = existing ? reuse! : freeName(variables, taken);
  taken.add(name.toLowerCase());
  // Template entry text may use copyIndex(), which variables cannot: every entry is written as plain JSON.
  const plain = ordered.map((e) => e.policies.map((p): TemplatePolicy => (p.kind === 'resolved' ? { kind: 'resolved', entry: p.entry } : p)));
  const render = (indent: string) => {
    const inner = `${indent}${layout.unit}`;
    const rows = plain.map((policies) => renderPolicyArray(policies, { eol: layout.eol, unit: layout.unit, base: inner }));
    return `[${layout.eol}${inner}${rows.join(`,${layout.eol}${inner}`)}${layout.eol}${indent}]`;
  };
  const variable: PendingVariable = { levelPath, name, render };
  if (existing) variable.existing = existing;
  return { ok: true, reference: JSON.stringify(`[variables('${name}')[copyIndex('${loop}')]]`), variable };
}

function freeName(variables: Node | undefined, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? BASE_NAME : `${BASE_NAME}${n}`;
    if (!taken.has(name.toLowerCase()) && propertyValue(variables, name) === undefined) return name;
  }
}

/** Indentation of a variable's name line inside `variables` (existing or new). */
export function variableIndent(doc: TemplateDocument, template: Node, variables: Node | undefined, unit: string): string {
  const first = variables?.children?.[0];
  return first ? lineIndent(doc.text, first.offset) : memberIndent(doc.text, template, unit) + unit;
}
