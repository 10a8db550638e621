// Every real template of ../shared/corpus: parse, plan, inject, re-plan, and compare the bytes around the edits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diffPolicies } from '../../src/core/policy/diff-policies.js';
import { mergePolicies } from '../../src/core/policy/merge-policies.js';
import type { DeploymentContext, Value } from '../../src/core/template/expression/index.js';
import { injectTemplate } from '../../src/core/template/inject-template.js';
import { parseParametersFile, parseTemplateText, type TemplateDocument } from '../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../src/core/template/plan-template.js';
import { outsideInjectedBytes } from '../core/template/support/injected-bytes.js';
import { InputError } from '../../src/core/errors.js';
import { ciValues, LIVE, manifest, PLACEHOLDER_NAMES, ROOT, SHAPED_OVERRIDES, standIn, SUB, TENANT, type Entry } from './corpus-support.js';

const context: DeploymentContext = { subscriptionId: SUB, tenantId: TENANT, resourceGroup: { name: 'rg-test', location: 'westeurope' }, deploymentName: 'corpus' };

function load(entry: Entry) {
  const doc = parseTemplateText(entry.path, readFileSync(ROOT + entry.path, 'utf8'));
  const parameters = entry.parametersPath ? parseParametersFile(entry.parametersPath, readFileSync(ROOT + entry.parametersPath, 'utf8'), doc) : {};
  const overrides: Record<string, Value> = { ...SHAPED_OVERRIDES[entry.path], ...ciValues(entry) };
  const first = planTemplate(doc, { context, parameters, overrides });
  for (const name of new Set(first.flatMap((v) => v.missingParameters ?? []))) overrides[name] ??= standIn(doc, name);
  return { doc, parameters, overrides, vaults: planTemplate(doc, { context, parameters, overrides }) };
}

/** The name a `[parameters('x')]` vault must get, worked out without the evaluator; undefined when not literal. */
function expectedName(doc: TemplateDocument, raw: string, parameters: Record<string, Value>, overrides: Record<string, Value>): string | undefined {
  const match = /^\[parameters\('([^']+)'\)\]$/.exec(raw);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const pick = (values: Record<string, Value>) => Object.entries(values).find(([k]) => k.toLowerCase() === name)?.[1];
  const declared = Object.entries(((doc.value as Record<string, unknown>)['parameters'] ?? {}) as Record<string, { defaultValue?: unknown }>).find(([k]) => k.toLowerCase() === name)?.[1];
  const value = pick(overrides) ?? pick(parameters) ?? declared?.defaultValue;
  return typeof value === 'string' && !value.startsWith('[') ? value : undefined;
}

(manifest ? describe : describe.skip)('the real-template corpus', () => {
  const entries = manifest?.entries ?? [];

  it('holds the 93 templates the README describes (56 with vaults, 37 negatives)', () => {
    assert.equal(entries.length, 93);
    assert.equal(entries.filter((e) => e.vaultCount > 0).length, 56);
  });

  it('gives each vault the permission model its manifest flags imply (explicit true/false, or absent below 2026-02-01)', () => {
    const wrong: string[] = [];
    for (const entry of entries.filter((e) => e.vaultCount > 0)) {
      const { enableRbacAuthorization: flag, vaultApiVersions: apis } = entry as Entry & { enableRbacAuthorization: string; vaultApiVersions: string[] };
      // Offline, no live state: only these cases are certain from the manifest alone (an expression depends on parameters).
      const expected = flag === 'true' ? 'rbac' : flag === 'false' ? 'accessPolicies' : flag === 'absent' && apis.every((a) => /^20(1\d|2[0-5])-/.test(a)) ? 'accessPolicies' : undefined;
      if (expected === undefined) continue;
      for (const vault of load(entry).vaults) if (vault.permission?.model !== expected) wrong.push(`${entry.path}: ${vault.id} is ${vault.permission?.model}, expected ${expected}`);
    }
    assert.deepEqual(wrong, []);
  });
  for (const [path, name] of Object.entries(PLACEHOLDER_NAMES)) {
    it(`${path.replace(/^templates\//, '')}: refuses the sample's placeholder vault name "${name}" at plan time, naming where it comes from`, () => {
      const entry = entries.find((e) => e.path === path)!;
      const doc = parseTemplateText(entry.path, readFileSync(ROOT + entry.path, 'utf8'));
      const parameters = parseParametersFile(entry.parametersPath!, readFileSync(ROOT + entry.parametersPath!, 'utf8'), doc);
      assert.throws(() => planTemplate(doc, { context, parameters }), (error: unknown) => {
        assert.ok(error instanceof InputError && error.code === 'KVPG-VAULT-NAME', String(error));
        assert.ok(error.message.includes(`"${name}"`), error.message);
        for (const parameter of Object.keys(ciValues(entry))) assert.match(error.message, new RegExp(`parameter ${parameter} is "GEN-UNIQUE-\\d+"`));
        return true;
      });
    });
  }

  for (const entry of entries) {
    const label = entry.path.replace(/^templates\//, '');
    if (entry.vaultCount === 0) {
      it(`${label}: parses and plans no vault`, () => {
        assert.deepEqual(load(entry).vaults.map((v) => v.id), []);
      });
      continue;
    }
    it(`${label}: plans every deployed vault with a concrete id`, () => {
      const { doc, parameters, overrides, vaults } = load(entry);
      assert.equal(vaults.length, entry.vaultCount);
      for (const [i, vault] of vaults.entries()) {
        assert.equal(vault.resolved, true, `${vault.id}: ${vault.reason}`);
        assert.match(vault.id, /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/[\]]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/[\]]+$/);
        const raw = entry.vaults[i]!;
        const expected = raw.nestedDepth === 0 ? expectedName(doc, raw.name, parameters, overrides) : undefined;
        if (expected !== undefined) assert.equal(vault.id.split('/').pop(), expected);
      }
    });

    it(`${label}: injection keeps every live principal and every byte outside accessPolicies`, () => {
      const { doc, parameters, overrides, vaults } = load(entry);
      const edits = vaults
        .filter((v) => v.injectable)
        .map((v) => ({ vault: v, policies: mergePolicies({ vaultId: v.id, template: v.templatePolicies!, live: LIVE }).policies }));
      const result = injectTemplate(doc, edits);
      assert.deepEqual(result.skipped, []);
      assert.deepEqual(result.applied, edits.map((e) => e.vault.id));
      const out = parseTemplateText(entry.path, result.text);
      const replanned = planTemplate(out, { context, parameters, overrides });
      for (const edit of edits) {
        const after = replanned.find((v) => v.id === edit.vault.id)!;
        assert.equal(diffPolicies({ vaultId: after.id, before: LIVE, after: after.templatePolicies! }).removedCount, 0, after.id);
      }
      const paths = vaults.map((v) => v.path);
      const masked = outsideInjectedBytes(doc.text, result.text, paths);
      assert.equal(masked.output, masked.input, 'text changed outside the bytes inject owns');
      if (entry.hasComments) assert.equal((result.text.match(/\/\/|\/\*/g) ?? []).length >= (doc.text.match(/\/\/|\/\*/g) ?? []).length, true);
      const again = injectTemplate(out, replanned.filter((v) => v.injectable).map((v) => ({ vault: v, policies: mergePolicies({ vaultId: v.id, template: v.templatePolicies!, live: LIVE }).policies })));
      assert.equal(again.text, result.text, 'a second injection changes nothing');
    });
  }
});
