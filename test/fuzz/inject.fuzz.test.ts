// Fuzzing inject: random templates around vaults and random policy sets. The output always parses, deploys exactly
// the policies asked for, and is byte-identical to the input outside each vault's accessPolicies.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AccessPolicyEntry } from '../../src/core/policy/model.js';
import type { DeploymentContext } from '../../src/core/template/expression/index.js';
import { injectTemplate } from '../../src/core/template/inject-template.js';
import { parseTemplateText } from '../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../src/core/template/plan-template.js';
import { withoutAccessPolicies } from '../core/template/support/mask-access-policies.js';
import { TENANT, layoutArb, policySetArb, printJsonc, templateOf, vaultsArb } from './random-template.js';

const context: DeploymentContext = { subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: TENANT, resourceGroup: { name: 'rg-fuzz', location: 'westeurope' }, deploymentName: 'fuzz' };

const canonical = (entries: AccessPolicyEntry[]) =>
  entries.map((e) => ({ objectId: e.objectId.toLowerCase(), permissions: Object.fromEntries(Object.entries(e.permissions).map(([k, v]) => [k, [...v!].map((p) => p.toLowerCase()).sort()]).sort()) }))
    .sort((a, b) => (a.objectId < b.objectId ? -1 : 1));

describe('fuzzing inject', function () {
  this.timeout(60_000);

  it('keeps every template parseable, identical outside accessPolicies, and deploying exactly the given policies (1000 runs)', () => {
    fc.assert(
      fc.property(vaultsArb, layoutArb, fc.array(policySetArb, { minLength: 3, maxLength: 3 }), (vaults, layout, policySets) => {
        const text = printJsonc(templateOf(vaults), layout);
        const doc = parseTemplateText('fuzz.json', text);
        const planned = planTemplate(doc, { context });
        assert.equal(planned.length, vaults.length, 'every vault is planned');
        const wanted = new Map(planned.map((v, i) => [v.id, policySets[i % policySets.length]!]));
        const edits = planned.map((vault) => ({ vault, policies: wanted.get(vault.id)!.map((entry) => ({ kind: 'resolved' as const, entry })) }));
        const result = injectTemplate(doc, edits);

        const out = parseTemplateText('out.json', result.text);
        const paths = planned.map((v) => v.path);
        assert.equal(withoutAccessPolicies('out', result.text, paths), withoutAccessPolicies('in', text, paths), 'text changed outside accessPolicies');
        if (layout.eol === '\r\n') assert.ok(!/[^\r]\n/.test(result.text), 'a bare LF in a CRLF file');
        assert.equal(result.text.startsWith('\uFEFF'), layout.bom, 'the BOM was changed');
        for (const again of planTemplate(out, { context })) {
          const deployed = (again.templatePolicies ?? []).map((p) => {
            assert.equal(p.kind, 'resolved');
            return (p as { entry: AccessPolicyEntry }).entry;
          });
          assert.deepEqual(canonical(deployed), canonical(wanted.get(again.id)!), again.id);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('changes nothing at all when the template already deploys the given policies (300 runs)', () => {
    fc.assert(
      fc.property(vaultsArb, layoutArb, (vaults, layout) => {
        const text = printJsonc(templateOf(vaults), layout);
        const doc = parseTemplateText('fuzz.json', text);
        const planned = planTemplate(doc, { context });
        const edits = planned.filter((v) => v.accessPoliciesForm === 'literal-array').map((vault) => ({ vault, policies: vault.templatePolicies! }));
        assert.equal(injectTemplate(doc, edits).text, text);
      }),
      { numRuns: 300 },
    );
  });
});
