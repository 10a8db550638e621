import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import { toRunConfig } from '../../../src/core/inputs/index.js';
import { assertOutputsSafe } from '../../../src/platforms/shared/guard-outputs.js';

const CWD = '/work/repo';

function check(values: Record<string, string>, templates: string[]): void {
  assertOutputsSafe(toRunConfig({ mode: 'inject', template: templates.join('\n'), ...values }, templates), CWD);
}

describe('assertOutputsSafe', () => {
  const refused: [string, Record<string, string>, string[], RegExp][] = [
    ['two templates that --output-dir would write to one file', { 'output-dir': 'out' }, ['a/main.json', '../a/main.json'], /a\/main\.json and \.\.\/a\/main\.json would both be written to out\/a\/main\.json/],
    ['a Bicep source and the JSON beside it, edited in place', { 'in-place': 'true' }, ['main.json', 'main.bicep'], /main\.json and main\.bicep would both be written to main\.json/],
    ['an --output-dir that writes a template over itself', { 'output-dir': '.' }, ['main.json'], /--output-dir \. writes main\.json over one of the input files/],
    ['an --out naming the template', { out: './main.json' }, ['main.json'], /--out \.\/main\.json writes main\.json over/],
    ['a --snapshot-out naming the parameters file', { 'snapshot-out': 'p.json', parameters: 'p.json', out: 'o.json' }, ['main.json'], /--snapshot-out p\.json/],
  ];
  for (const [title, values, templates, message] of refused) {
    it(`refuses ${title} with KVPG-USAGE-OVERWRITE`, () => {
      assert.throws(() => check(values, templates), (e: unknown) => e instanceof InputError && e.code === 'KVPG-USAGE-OVERWRITE' && message.test(e.message) && Boolean(e.fix));
    });
  }

  const accepted: [string, Record<string, string>, string[]][] = [
    ['templates that stay distinct under --output-dir', { 'output-dir': 'out' }, ['a/main.json', 'b/main.json']],
    ['several templates edited in place', { 'in-place': 'true' }, ['a.json', 'b.json']],
    ['a Bicep source alone, edited in place', { 'in-place': 'true' }, ['main.bicep']],
  ];
  for (const [title, values, templates] of accepted) {
    it(`accepts ${title}`, () => assert.doesNotThrow(() => check(values, templates)));
  }

  it('checks nothing outside inject', () => {
    assert.doesNotThrow(() => assertOutputsSafe(toRunConfig({ mode: 'plan', template: 'main.json', 'output-dir': '.' }, ['main.json']), CWD));
  });
});
