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
    ['--out and --snapshot-out naming one file', { out: 'x.json', 'snapshot-out': './x.json' }, ['main.json'], /--out x\.json\) and --snapshot-out \.\/x\.json name the same file/],
    ['--in-place with a --snapshot-out naming another template', { 'in-place': 'true', 'snapshot-out': 'b.json' }, ['a.json', 'b.json'], /--snapshot-out b\.json names one of the input files \(b\.json\)/],
    ['the default snapshot of a live inject under --output-dir landing on a template', { 'output-dir': 'out' }, ['out/keyvault-policy-guard.snapshot.json'], /the snapshot out\/keyvault-policy-guard\.snapshot\.json names one of the input files/],
  ];
  for (const [title, values, templates, message] of refused) {
    it(`refuses ${title} with KVPG-USAGE-OVERWRITE`, () => {
      assert.throws(() => check(values, templates), (e: unknown) => e instanceof InputError && e.code === 'KVPG-USAGE-OVERWRITE' && message.test(e.message) && Boolean(e.fix));
    });
  }

  // --in-place now excludes --out and --output-dir, so the fix cannot be "add --in-place" to them.
  const overTemplate: [string, Record<string, string>, string, string][] = [
    ['inject --out naming the template', { out: 'main.json' }, '--out main.json writes main.json over one of the input files (main.json)', 'drop --out and use --in-place to edit the template itself, or give --out another file'],
    ['inject --output-dir writing the template over itself', { 'output-dir': '.' }, '--output-dir . writes main.json over one of the input files (main.json)', 'drop --output-dir and use --in-place to edit the template itself, or give --output-dir another folder'],
    ['migrate --out naming the template', { mode: 'migrate', out: './main.json' }, '--out ./main.json writes main.json over one of the input files (main.json)', 'give --out another file: migrate never writes over its input templates'],
    ['migrate --output-dir writing the template over itself', { mode: 'migrate', 'output-dir': '.' }, '--output-dir . writes main.json over one of the input files (main.json)', 'give --output-dir another folder: migrate never writes over its input templates'],
  ];
  for (const [title, values, message, fix] of overTemplate) {
    it(`tells ${title} to drop that flag rather than add --in-place to it`, () => {
      assert.throws(() => check(values, ['main.json']), (e: unknown) => e instanceof InputError && e.code === 'KVPG-USAGE-OVERWRITE' && e.message === message && e.fix === fix);
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

  it('refuses a SARIF file over an output or an input in every mode', () => {
    const refuses = (values: Record<string, string>, sarif: string, message: RegExp) =>
      assert.throws(() => assertOutputsSafe(toRunConfig({ template: 'main.json', ...values }, ['main.json']), CWD, { sarif }), (e: unknown) => e instanceof InputError && e.code === 'KVPG-USAGE-OVERWRITE' && message.test(e.message));
    refuses({ mode: 'inject', out: 'o.json' }, 'o.json', /--out o\.json\) and --sarif o\.json name the same file/);
    refuses({ mode: 'check', 'snapshot-in': 's.json' }, 's.json', /--sarif s\.json names one of the input files/);
    refuses({ mode: 'plan' }, '/work/repo/main.json', /--sarif \/work\/repo\/main\.json names one of the input files/);
    assert.doesNotThrow(() => assertOutputsSafe(toRunConfig({ mode: 'check', template: 'main.json' }, ['main.json']), CWD, { sarif: 'report.sarif' }));
  });

  it('takes X.json and x.json for one file where the file system ignores case (Windows, macOS), and for two on Linux', () => {
    const config = toRunConfig({ mode: 'inject', template: 'main.json', out: 'Guarded.json', 'snapshot-out': 'guarded.json' }, ['main.json']);
    for (const platform of ['win32', 'darwin'] as const) {
      assert.throws(() => assertOutputsSafe(config, CWD, { platform }), /name the same file/, platform);
    }
    assert.doesNotThrow(() => assertOutputsSafe(config, CWD, { platform: 'linux' }));
  });

  it('checks no template output outside inject', () => {
    assert.doesNotThrow(() => assertOutputsSafe(toRunConfig({ mode: 'plan', template: 'main.json', 'output-dir': '.' }, ['main.json']), CWD));
  });
});
