// Property tests: for generated templates (every accessPolicies form, indent styles, CRLF, BOM, comments) and
// generated live policies, injection parses, is idempotent, keeps live principals and edits only accessPolicies.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffPolicies } from '../../../src/core/policy/diff-policies.js';
import { mergePolicies } from '../../../src/core/policy/merge-policies.js';
import type { AccessPolicyEntry } from '../../../src/core/policy/model.js';
import type { DeploymentContext } from '../../../src/core/template/expression/index.js';
import { injectTemplate } from '../../../src/core/template/inject-template.js';
import { parseTemplateText, type TemplateDocument } from '../../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../../src/core/template/plan-template.js';
import { withoutAccessPolicies } from './support/mask-access-policies.js';

const TENANT = '72f988bf-0000-4000-8000-000000000000';
const context: DeploymentContext = { subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: TENANT, resourceGroup: { name: 'rg', location: 'westeurope' }, deploymentName: 'd' };
const PRINCIPALS = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'];
const SECRETS = ['get', 'list', 'set', 'delete'];

const entry = fc.record({ objectId: fc.constantFrom(...PRINCIPALS), secrets: fc.subarray(SECRETS, { minLength: 1 }) });
const templateEntry = fc.oneof(
  entry.map((e) => ({ tenantId: '[subscription().tenantId]', objectId: e.objectId, permissions: { secrets: e.secrets } })),
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
const liveSpec = fc.array(entry, { maxLength: 4 });

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
    text = text.replace('{', `{\n${s.unit}// generated template`).replace(/"sku":/g, '/* sku */ "sku":').replace(/"enabledForDeployment": false/g, '"enabledForDeployment": false // keep');
  }
  return (s.bom ? '\uFEFF' : '') + text.replace(/\n/g, s.eol);
}

function guard(doc: TemplateDocument, live: AccessPolicyEntry[]) {
  const vaults = planTemplate(doc, { context });
  const edits = vaults.filter((v) => v.injectable).map((v) => ({ vault: v, policies: mergePolicies({ vaultId: v.id, template: v.templatePolicies!, live }).policies }));
  return { vaults, edits, result: injectTemplate(doc, edits) };
}

describe('injectTemplate (properties)', () => {
  it('always produces a template that parses, keeps live principals, edits only accessPolicies and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(vaultSpec, { minLength: 1, maxLength: 3 }), style, liveSpec, (vaultSpecs, s, liveSpecs) => {
        const live: AccessPolicyEntry[] = [];
        for (const l of liveSpecs) if (!live.some((e) => e.objectId === l.objectId)) live.push({ tenantId: TENANT, objectId: l.objectId, permissions: { secrets: l.secrets } });
        const doc = parseTemplateText('gen.json', buildTemplate(vaultSpecs, s));
        const { vaults, edits, result } = guard(doc, live);
        assert.equal(result.applied.length, edits.length);
        const out = parseTemplateText('gen.json', result.text);
        assert.equal(out.bom, doc.bom);
        if (s.eol === '\r\n') assert.equal(/[^\r]\n/.test(result.text), false, 'no bare LF in a CRLF file');
        const paths = vaults.map((v) => v.path);
        assert.equal(withoutAccessPolicies('out', result.text, paths), withoutAccessPolicies('in', doc.text, paths));
        const replanned = planTemplate(out, { context });
        for (const v of replanned) assert.equal(diffPolicies({ vaultId: v.id, before: live, after: v.templatePolicies! }).removedCount, 0);
        assert.equal(guard(out, live).result.text, result.text);
      }),
      { numRuns: 1000 },
    );
  });
});
