// Writes merged access policies into a template: text in, text out, nothing outside accessPolicies touched.
import { GuardError } from '../errors.js';
import type { TemplatePolicy } from '../policy/model.js';
import type { PlannedVault } from '../types.js';
import { surelyWithin, utf8Length } from '../utf8-length.js';
import { groupBy } from '../group-by.js';
import { firstSyntaxErrorAfterEdits } from './edited-syntax.js';
import { nodeAtPath, propertyValue } from './json-nodes.js';
import { firstAtOrAfter } from './offset-order.js';
import type { TemplateDocument } from './jsonc-document.js';
import { perIterationVariable, variableIndent, type PendingVariable } from './per-iteration-variable.js';
import { samePolicies } from './policy-equivalence.js';
import { renderPolicyArray, type Layout } from './render-policies.js';
import { accessPoliciesCopy } from './template-policies.js';
import { applyTextEdits, commentsOutside, indentUnit, insertProperties, insertProperty, insertPropertyBefore, lineIndent, memberIndent, removeArrayElement, replaceNode, type TextEdit } from './text-edits.js';

export interface InjectEdit {
  vault: PlannedVault;
  policies: TemplatePolicy[];
}

export interface InjectResult {
  text: string;
  /** Ids of the vaults whose template now deploys the given policies (edited or already so). */
  applied: string[];
  skipped: { vaultId: string; reason: string }[];
  warnings: string[];
}

const MB = 1024 * 1024;

export function injectTemplate(doc: TemplateDocument, edits: readonly InjectEdit[]): InjectResult {
  const result: InjectResult = { text: doc.text, applied: [], skipped: [], warnings: [] };
  const unit = indentUnit(doc.text, doc.root);
  const textEdits: TextEdit[] = [];
  const takenNames = new Set<string>();
  const editedPaths: (string | number)[][] = [];
  const variables: PendingVariable[] = [];
  for (const group of groupByPath(edits)) {
    const ids = group.map((e) => e.vault.id);
    const skip = (reason: string) => result.skipped.push(...ids.map((vaultId) => ({ vaultId, reason })));
    const blocked = group.find((e) => !e.vault.injectable);
    if (blocked) {
      skip(blocked.vault.notInjectableReason ?? 'the vault cannot be injected');
      continue;
    }
    if (group.every((e) => e.vault.templatePolicies !== undefined && samePolicies(e.policies, e.vault.templatePolicies))) {
      result.applied.push(...ids);
      continue;
    }
    const resource = nodeAtPath(doc.root, group[0]!.vault.path);
    const props = propertyValue(resource, 'properties');
    if (resource?.type !== 'object' || props?.type !== 'object') {
      skip('the vault resource has no properties object at its planned position');
      continue;
    }
    const current = propertyValue(props, 'accessPolicies');
    const layout: Layout = { eol: doc.eol, unit, base: baseIndent(doc, props, current, unit) };
    const texts = group.map((e) => renderPolicyArray(e.policies, layout, doc.text, current));
    // Iterations a false condition leaves out keep what the template gives them: one array for all only if equal.
    for (const off of group[0]!.vault.conditionOff ?? []) if (off.policies) texts.push(renderPolicyArray(off.policies, layout, doc.text, current));
    let valueText = texts[0]!;
    if (texts.some((t) => t !== valueText)) {
      const variable = perIterationVariable(doc, resource, group, { unit, eol: doc.eol }, takenNames);
      if (!variable.ok) {
        skip(variable.reason);
        continue;
      }
      valueText = variable.reference;
      variables.push(variable.variable);
    }
    textEdits.push(...accessPoliciesEdits(doc, props, current, valueText, unit));
    editedPaths.push(group[0]!.vault.path);
    result.applied.push(...ids);
  }
  textEdits.push(...variableEdits(doc, variables, unit));
  if (textEdits.length === 0) return result;
  result.text = applyTextEdits(doc.text, textEdits);
  // Nothing that does not parse is ever written.
  const syntaxError = firstSyntaxErrorAfterEdits(doc.root, doc.text, textEdits, result.text);
  if (syntaxError) {
    throw new GuardError({
      code: 'KVPG-INJECT-INTERNAL',
      message: `Injecting access policies into ${doc.file} produced text that does not parse (offset ${syntaxError.offset}); the file was not written.`,
      fix: 'Report this with the template attached; meanwhile add the live access policies to the template by hand.',
      location: { file: doc.file },
    });
  }
  result.warnings.push(...sizeWarnings(doc, result.text, textEdits, editedPaths));
  return result;
}

/** The edits that make `properties.accessPolicies` hold `valueText`, whatever form it had. */
function accessPoliciesEdits(doc: TemplateDocument, props: NonNullable<ReturnType<typeof propertyValue>>, current: ReturnType<typeof propertyValue>, valueText: string, unit: string): TextEdit[] {
  const copyEntry = accessPoliciesCopy(props);
  const copyArray = propertyValue(props, 'copy');
  if (copyEntry && copyArray) {
    const copyProperty = copyArray.parent!;
    if ((copyArray.children?.length ?? 0) === 1 && current === undefined) {
      // The loop was the only thing in `copy`: the literal array takes its place, after any comment `copy` held.
      const indent = lineIndent(doc.text, copyProperty.offset);
      const kept = commentsOutside(doc.text, copyProperty, copyEntry).map((c) => `${c}${doc.eol}${indent}`).join('');
      return [{ offset: copyProperty.offset, length: copyProperty.length, content: `${kept}"accessPolicies": ${valueText}` }];
    }
    const removal = removeArrayElement(doc.text, copyArray, copyArray.children!.indexOf(copyEntry));
    const set = current ? [replaceNode(doc.text, current, valueText)] : insertProperty(doc.text, props, 'accessPolicies', valueText, unit, doc.eol);
    return [...removal, ...set];
  }
  if (current) return [replaceNode(doc.text, current, valueText)];
  return insertProperty(doc.text, props, 'accessPolicies', valueText, unit, doc.eol);
}

/** One edit per template level: new variables join its `variables` section (created before `resources`). */
function variableEdits(doc: TemplateDocument, pending: readonly PendingVariable[], unit: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const group of groupBy(pending, (v) => JSON.stringify(v.levelPath)).values()) {
    const template = nodeAtPath(doc.root, group[0]!.levelPath)!;
    const section = propertyValue(template, 'variables');
    const indent = variableIndent(doc, template, section, unit);
    const added = group.filter((v) => v.existing === undefined);
    for (const v of group) if (v.existing) edits.push(replaceNode(doc.text, v.existing, v.render(indent)));
    if (added.length === 0) continue;
    if (section?.type === 'object') {
      edits.push(...insertProperties(doc.text, section, added.map((v) => [v.name, v.render(indent)] as const), unit, doc.eol));
      continue;
    }
    const outer = indent.slice(0, indent.length - unit.length);
    const body = added.map((v) => `${indent}${JSON.stringify(v.name)}: ${v.render(indent)}`).join(`,${doc.eol}`);
    const objectText = `{${doc.eol}${body}${doc.eol}${outer}}`;
    const resources = propertyValue(template, 'resources')?.parent;
    edits.push(...(resources ? [insertPropertyBefore(doc.text, resources, 'variables', objectText, doc.eol)] : insertProperty(doc.text, template, 'variables', objectText, unit, doc.eol)));
  }
  return edits;
}

function baseIndent(doc: TemplateDocument, props: NonNullable<ReturnType<typeof propertyValue>>, current: ReturnType<typeof propertyValue>, unit: string): string {
  return current?.parent ? lineIndent(doc.text, current.parent.offset) : memberIndent(doc.text, props, unit);
}

function groupByPath(edits: readonly InjectEdit[]): InjectEdit[][] {
  return [...groupBy(edits, (edit) => JSON.stringify(edit.vault.path)).values()];
}

/** ARM limits after injection; a resource's size is its original size plus what the edits inside it changed. */
function sizeWarnings(doc: TemplateDocument, text: string, edits: readonly TextEdit[], paths: (string | number)[][]): string[] {
  const warnings: string[] = [];
  const total = utf8Length(text);
  if (total > 4 * MB) warnings.push(`${doc.file} is ${(total / MB).toFixed(2)} MB after injection; ARM accepts templates up to 4 MB.`);
  if (total <= MB) return warnings;
  // By offset, so each resource visits only the edits inside it (every vault against every edit was quadratic).
  const ordered = [...edits].sort((a, b) => a.offset - b.offset);
  for (const path of paths) {
    const node = nodeAtPath(doc.root, path);
    if (node === undefined) continue;
    const end = node.offset + node.length;
    const inside: TextEdit[] = [];
    for (let i = firstAtOrAfter(ordered, node.offset); i < ordered.length && ordered[i]!.offset < end; i++) {
      if (ordered[i]!.offset + ordered[i]!.length <= end) inside.push(ordered[i]!);
    }
    // Most resources are far below the limit even at 3 bytes a character: no need to encode them.
    if (surelyWithin(inside.reduce((n, e) => n + e.content.length - e.length, node.length), MB)) continue;
    let size = utf8Length(doc.text.slice(node.offset, end));
    for (const edit of inside) size += utf8Length(edit.content) - utf8Length(doc.text.slice(edit.offset, edit.offset + edit.length));
    if (size > MB) {
      const at = doc.locate(node.offset);
      warnings.push(`The Key Vault resource at ${at.file}:${at.line}:${at.column} is ${(size / MB).toFixed(2)} MB after injection; ARM accepts resources up to 1 MB.`);
    }
  }
  return warnings;
}
