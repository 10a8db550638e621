// Property tests: for generated templates (every accessPolicies form, indent styles, CRLF, BOM, comments) and generated
// live policies, injection parses, is idempotent, edits only the bytes it owns, and every live principal is kept —
// "kept" read by this test from the output TEXT, with its own idea of identity (tenant + object + application id, GUIDs
// compared case-insensitively) and of permissions (`all` covers its category).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import { mergePolicies } from '../../../src/core/policy/merge-policies.js';
import type { AccessPolicyEntry } from '../../../src/core/policy/model.js';
import type { DeploymentContext } from '../../../src/core/template/expression/index.js';
import { injectTemplate } from '../../../src/core/template/inject-template.js';
import { parseTemplateText, type TemplateDocument } from '../../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../../src/core/template/plan-template.js';
import { covers, principalOf, recased, type OracleEntry } from '../policy/support/policy-oracle.js';
import { outsideInjectedBytes } from './support/injected-bytes.js';

const TENANT = '72f988bf-0000-4000-8000-000000000000';
const context: DeploymentContext = { subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: TENANT, resourceGroup: { name: 'rg', location: 'westeurope' }, deploymentName: 'd' };
const OBJECT_IDS = ['5a000000-0000-4000-8000-0000000000a1', '5a000000-0000-4000-8000-0000000000b2', '5a000000-0000-4000-8000-0000000000c3'];
const APP_IDS = ['a7000000-0000-4000-8000-0000000000d4', 'a7000000-0000-4000-8000-0000000000e5'];
const SECRETS = ['get', 'list', 'set', 'delete', 'all'];

const ids = fc.record({
  objectId: fc.constantFrom(...OBJECT_IDS).chain(recased),
  applicationId: fc.option(fc.constantFrom(...APP_IDS).chain(recased), { nil: undefined }),
});
const secrets = fc.subarray(SECRETS, { minLength: 1 }).chain((names) => fc.tuple(...names.map(recased)));
const entry = fc.record({ ids, secrets });
const templateEntry = fc.oneof(
  entry.map(({ ids: { objectId, applicationId }, secrets: s }) => ({
    tenantId: '[subscription().tenantId]', objectId, ...(applicationId ? { applicationId } : {}), permissions: { secrets: s },
  })),
  fc.constant({ tenantId: '[subscription().tenantId]', objectId: "[reference('identity').principalId]", permissions: { keys: ['get'] } }),
);
const form = fc.constantFrom('literal', 'absent', 'parameter', 'variable', 'copy');
const vaultSpec = fc.record({ form, entries: fc.array(templateEntry, { maxLength: 3 }) });
const style = fc.record({
  unit: fc.constantFrom('  ', '    ', '\t'),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  comments: fc.boolean(),
});
const liveSpec = fc.array(fc.record({ tenant: recased(TENANT), entry }), { maxLength: 4 });

function buildTemplate(vaults: { form: string; entries: object[] }[], s: { unit: string; eol: string; bom: boolean; comments: boolean }): string {
  const parameters: Record<string, object> = {};
  const variables: Record<string, unknown> = {};
  const resources = vaults.map((v, i) => {
    const properties: Record<string, unknown> = { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' } };
    const list = v.entries.filter((e) => !JSON.stringify(e).includes('reference(') || v.form === 'literal');
    if (v.form === 'literal') properties['accessPolicies'] = v.entries;
    if (v.form === 'parameter') {
      parameters[`policies${i}`] = { type: 'array', defaultValue: list };
      properties['accessPolicies'] = `[parameters('policies${i}')]`;
    }
    if (v.form === 'variable') {
      variables[`policies${i}`] = list;
      properties['accessPolicies'] = `[variables('policies${i}')]`;
    }
    if (v.form === 'copy') {
      variables[`policies${i}`] = list;
      properties['copy'] = [{ name: 'accessPolicies', count: `[length(variables('policies${i}'))]`, input: `[variables('policies${i}')[copyIndex('accessPolicies')]]` }];
    }
    properties['enabledForDeployment'] = false;
    return { type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-07-01', name: `kv-${i}`, location: 'westeurope', properties };
  });
  const template = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', parameters, variables, resources };
  let text = JSON.stringify(template, null, s.unit);
  if (s.comments) {
    text = text
      .replace('{', `{\n${s.unit}// generated template`)
      .replace(/"sku":/g, '/* sku */ "sku":')
      .replace(/"accessPolicies": (?=[["])/g, '/* the policies */ "accessPolicies": ')
      .replace(/"copy":/g, '// the loops\n"copy":')
      .replace(/"enabledForDeployment": false/g, '"enabledForDeployment": false // keep');
  }
  return (s.bom ? '\uFEFF' : '') + text.replace(/\n/g, s.eol);
}

function guard(doc: TemplateDocument, live: AccessPolicyEntry[]) {
  const vaults = planTemplate(doc, { context });
  const edits = vaults.filter((v) => v.injectable).map((v) => ({ vault: v, policies: mergePolicies({ vaultId: v.id, template: v.templatePolicies!, live }).policies }));
  return { vaults, edits, result: injectTemplate(doc, edits) };
}

/** The literal entries the output text gives vault `kv-<i>`, `[subscription().tenantId]` read as the tenant. */
function entriesInText(text: string, index: number): OracleEntry[] {
  const template = parse(text.replace(/^\uFEFF/, ''));
  const resource = template.resources.find((r: { name: string }) => r.name === `kv-${index}`);
  // Left as written when nothing changed: a parameter's default, a variable, or a copy loop over a variable.
  const named = /^\[(parameters|variables)\('([^']+)'\)/;
  const ref = resource.properties.accessPolicies ?? resource.properties.copy?.find((c: { name: string }) => c.name === 'accessPolicies')?.input;
  const found = typeof ref === 'string' ? named.exec(ref) : null;
  const policies = ref === undefined ? [] : found === null ? ref : found[1] === 'parameters' ? template.parameters[found[2]!].defaultValue : template.variables[found[2]!];
  assert.ok(Array.isArray(policies), `kv-${index}: accessPolicies in the output is ${JSON.stringify(ref)}`);
  return policies.map((p: OracleEntry) => ({ ...p, tenantId: p.tenantId === '[subscription().tenantId]' ? TENANT : p.tenantId }));
}

describe('injectTemplate (properties)', () => {
  it('always produces a template that parses, keeps live principals in its text, edits only the bytes it owns and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(vaultSpec, { minLength: 1, maxLength: 3 }), style, liveSpec, (vaultSpecs, s, liveSpecs) => {
        // One live entry per principal, as Key Vault holds them.
        const live: AccessPolicyEntry[] = [];
        for (const { tenant, entry: l } of liveSpecs) {
          const candidate = { tenantId: tenant, objectId: l.ids.objectId, ...(l.ids.applicationId ? { applicationId: l.ids.applicationId } : {}), permissions: { secrets: l.secrets } };
          if (!live.some((e) => principalOf(e) === principalOf(candidate))) live.push(candidate);
        }
        const doc = parseTemplateText('gen.json', buildTemplate(vaultSpecs, s));
        const { vaults, edits, result } = guard(doc, live);
        assert.equal(result.applied.length, edits.length);
        const out = parseTemplateText('gen.json', result.text);
        assert.equal(out.bom, doc.bom);
        if (s.eol === '\r\n') assert.equal(/[^\r]\n/.test(result.text), false, 'no bare LF in a CRLF file');
        const masked = outsideInjectedBytes(doc.text, result.text, vaults.map((v) => v.path));
        assert.equal(masked.output, masked.input, 'text changed outside the bytes inject owns');
        vaultSpecs.forEach((_, i) => {
          const written = entriesInText(result.text, i);
          for (const l of live) {
            const same = written.filter((w) => principalOf(w) === principalOf(l));
            assert.equal(same.length, 1, `kv-${i}: live principal ${principalOf(l)} appears ${same.length} times in the output text`);
            assert.ok(covers(same[0]!.permissions, l.permissions), `kv-${i}: ${principalOf(l)} keeps ${JSON.stringify(l.permissions)} (has ${JSON.stringify(same[0]!.permissions)})`);
          }
        });
        assert.equal(guard(out, live).result.text, result.text);
      }),
      { numRuns: 1000 },
    );
  });
});
