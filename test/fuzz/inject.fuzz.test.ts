// Fuzzing inject: random templates around vaults and random policy sets. The output always parses, its text deploys
// exactly the policies asked for (read back from the text by this test, not by the planner), and it is byte-identical
// to the input outside the exact bytes inject owns.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import type { AccessPolicyEntry } from '../../src/core/policy/model.js';
import type { DeploymentContext } from '../../src/core/template/expression/index.js';
import { injectTemplate } from '../../src/core/template/inject-template.js';
import { parseTemplateText } from '../../src/core/template/jsonc-document.js';
import { planTemplate } from '../../src/core/template/plan-template.js';
import { outsideInjectedBytes } from '../core/template/support/injected-bytes.js';
import { TENANT, deployedNames, layoutArb, livePolicySetArb, principal, printJsonc, templateOf, vaultsArb } from './random-template.js';

const context: DeploymentContext = { subscriptionId: '00000000-0000-0000-0000-000000000000', tenantId: TENANT, resourceGroup: { name: 'rg-fuzz', location: 'westeurope' }, deploymentName: 'fuzz' };

type Entry = { tenantId: string; objectId: string; applicationId?: string; permissions: Record<string, string[] | undefined> };

/** A policy set as comparable text: principals by Key Vault's identity, permissions case-folded and sorted. */
const canonical = (entries: readonly Entry[]) =>
  entries
    .map((e) => `${principal(e)}=${Object.entries(e.permissions).filter(([, v]) => v?.length).map(([k, v]) => `${k.toLowerCase()}:${v!.map((p) => p.toLowerCase()).sort().join(',')}`).sort().join(';')}`)
    .sort();

/** What the output text gives ARM for one vault: its literal array, or its row of the per-iteration variable. */
function deployedFromText(template: unknown, path: readonly (string | number)[], copyIndex: number | undefined): Entry[] {
  let node: any = template;
  let level: any = template;
  for (const step of path) {
    node = node?.[step];
    if (step === 'template') level = node;
  }
  const policies = node?.properties?.accessPolicies;
  if (Array.isArray(policies)) return policies;
  // Left out, it deploys none (only when nothing was asked for: the comparison says so otherwise).
  if (policies === undefined && node?.properties?.copy === undefined) return [];
  // A loop left as generated: `input` is `[variables('policiesN')[copyIndex('accessPolicies')]]` over the whole variable.
  const loop = (node?.properties?.copy ?? []).find((c: { name: string }) => c.name === 'accessPolicies');
  if (policies === undefined && loop) return level.variables[/^\[variables\('([^']+)'\)/.exec(loop.input)![1]!];
  // Left as generated: a whole variable or a parameter's default.
  const named = typeof policies === 'string' ? /^\[(variables|parameters)\('([^']+)'\)\]$/.exec(policies) : null;
  if (named) return named[1] === 'variables' ? level.variables[named[2]!] : level.parameters[named[2]!].defaultValue;
  const ours = typeof policies === 'string' ? /^\[variables\('(kvpgAccessPolicies\d*)'\)\[copyIndex\('[^']+'\)\]\]$/.exec(policies) : null;
  assert.ok(ours && copyIndex !== undefined, `accessPolicies is neither a literal array nor the per-iteration variable: ${JSON.stringify(policies)}`);
  return level.variables[ours[1]!][copyIndex];
}

describe('fuzzing inject', function () {
  this.timeout(120_000);

  it('keeps every template parseable, identical outside the bytes inject owns, and deploying exactly the given policies, categories Azure added included (1000 runs)', () => {
    fc.assert(
      fc.property(vaultsArb, layoutArb, fc.boolean(), fc.array(livePolicySetArb, { minLength: 3, maxLength: 3 }), (vaults, layout, emptyVariables, policySets) => {
        const text = printJsonc(templateOf(vaults, emptyVariables), layout);
        const doc = parseTemplateText('fuzz.json', text);
        const planned = planTemplate(doc, { context });
        assert.deepEqual(planned.map((v) => v.id.split('/').at(-1)!).sort(), vaults.flatMap(deployedNames).sort(), 'every vault is planned');
        const wanted = new Map(planned.map((v, i) => [v.id, policySets[i % policySets.length]!]));
        const edits = planned.map((vault) => ({ vault, policies: wanted.get(vault.id)!.map((entry: AccessPolicyEntry) => ({ kind: 'resolved' as const, entry })) }));
        const result = injectTemplate(doc, edits);
        assert.deepEqual(result.skipped, []);

        const masked = outsideInjectedBytes(text, result.text, planned.map((v) => v.path));
        assert.equal(masked.output, masked.input, 'text changed outside the bytes inject owns');
        if (layout.eol === '\r\n') assert.ok(!/[^\r]\n/.test(result.text), 'a bare LF in a CRLF file');
        assert.equal(result.text.startsWith('\uFEFF'), layout.bom, 'the BOM was changed');
        const errors: unknown[] = [];
        const out = parse(result.text.replace(/^\uFEFF/, ''), errors as never, { allowTrailingComma: false });
        assert.deepEqual(errors, [], 'the output parses as JSONC');
        for (const vault of planned) {
          const deployed = deployedFromText(out, vault.path, vault.copyIndex);
          assert.deepEqual(canonical(deployed), canonical(wanted.get(vault.id)!), vault.id);
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
