import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors.js';
import { pairParameters, usingTarget, type ParametersSource } from '../../src/core/pair-parameters.js';

const given = (...paths: string[]): ParametersSource[] => paths.map((path) => ({ path, explicit: true }));
const pairs = (templates: string[], sources: ParametersSource[]) =>
  pairParameters(templates, sources).pairings.map((p) => [p.template, p.parameters ?? null, p.how ?? null]);

describe('pairParameters', () => {
  const cases: { title: string; templates: string[]; sources: ParametersSource[]; expected: (string | null)[][] }[] = [
    {
      title: 'pairs X.json with X.parameters.json whatever the order given',
      templates: ['infra/app.json', 'infra/data.json'],
      sources: given('infra/data.parameters.json', 'infra/app.parameters.json'),
      expected: [['infra/app.json', 'infra/app.parameters.json', 'name'], ['infra/data.json', 'infra/data.parameters.json', 'name']],
    },
    {
      title: 'pairs by order what the names do not pair',
      templates: ['a.json', 'b.json'],
      sources: given('prod-a.json', 'prod-b.json'),
      expected: [['a.json', 'prod-a.json', 'order'], ['b.json', 'prod-b.json', 'order']],
    },
    {
      title: 'pairs by name first, then the rest by order',
      templates: ['a.json', 'b.json'],
      sources: given('x.json', 'b.parameters.json'),
      expected: [['a.json', 'x.json', 'order'], ['b.json', 'b.parameters.json', 'name']],
    },
    {
      title: 'lets one parameters file named after no template serve every template',
      templates: ['a.json', 'b.json'],
      sources: given('shared.json'),
      expected: [['a.json', 'shared.json', 'shared'], ['b.json', 'shared.json', 'shared']],
    },
    {
      title: 'lets a single given file serve every template even when named after one of them',
      templates: ['a.json', 'b.json'],
      sources: given('b.parameters.json'),
      expected: [['a.json', 'b.parameters.json', 'shared'], ['b.json', 'b.parameters.json', 'shared']],
    },
    {
      title: 'prefers the parameters file in the template folder when two folders share a name',
      templates: ['dev/main.json', 'prod/main.json'],
      sources: given('prod/main.parameters.json', 'dev/main.parameters.json'),
      expected: [['dev/main.json', 'dev/main.parameters.json', 'name'], ['prod/main.json', 'prod/main.parameters.json', 'name']],
    },
    {
      title: "pairs a .bicepparam by its 'using' line, and main.bicep by name",
      templates: ['main.bicep', 'other.json'],
      sources: [{ path: 'env/prod.bicepparam', explicit: true, using: 'other.json' }, ...given('main.bicepparam')],
      expected: [['main.bicep', 'main.bicepparam', 'name'], ['other.json', 'env/prod.bicepparam', 'using']],
    },
    {
      title: 'pairs parameters files found by a mixed glob by name only',
      templates: ['a.json', 'b.json'],
      sources: [{ path: 'a.parameters.json', explicit: false }],
      expected: [['a.json', 'a.parameters.json', 'name'], ['b.json', null, null]],
    },
  ];
  for (const c of cases) it(c.title, () => assert.deepEqual(pairs(c.templates, c.sources), c.expected));

  it('leaves out a found parameters file that matches no template, and says so', () => {
    const result = pairParameters(['a.json'], [{ path: 'z.parameters.json', explicit: false }]);
    assert.deepEqual(result.unpaired.map((s) => s.path), ['z.parameters.json']);
  });

  it('refuses a given parameters file left over when every template has one, naming the pairing', () => {
    assert.throws(() => pairParameters(['a.json'], given('a.parameters.json', 'extra.json')), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.code, 'KVPG-PARAMETERS-PAIRING');
      assert.match(error.message, /extra\.json pairs with no template/);
      assert.match(error.message, /a\.json ← a\.parameters\.json/);
      return true;
    });
  });
});

describe('usingTarget', () => {
  it("resolves a .bicepparam's using path against its folder", () => {
    assert.equal(usingTarget('infra/env/prod.bicepparam', "// prod\nusing '../main.bicep'\nparam x = 1\n"), 'infra/main.bicep');
  });
  it('has no target for a registry module or using none', () => {
    assert.equal(usingTarget('p.bicepparam', "using 'br/public:avm/res/key-vault/vault:0.1.0'"), undefined);
    assert.equal(usingTarget('p.bicepparam', "using none"), undefined);
  });
});
