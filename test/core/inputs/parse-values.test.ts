import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors.js';
import { parseBoolean, parseChoice, parseList, parseParameterOverrides } from '../../../src/core/inputs/index.js';

describe('parseBoolean', () => {
  it('does not repeat a malformed override\'s value, nor JSON.parse\'s message quoting it (it may be a secure parameter\'s)', () => {
    try {
      parseParameterOverrides(['secretOid={MyS3cretValue']);
      assert.fail('expected an error');
    } catch (error) {
      const text = (error as { describe(): string }).describe();
      assert.equal(text.includes('MyS3cret'), false, text);
      assert.equal(text, "KVPG-INPUT-OVERRIDE: Input 'parameter-overrides': the value of 'secretOid' starts like JSON but is not valid JSON (at character 2).\n  fix: Fix the JSON, or quote a plain string as JSON: secretOid=\"<the value, with each \" written \\\">\".");
    }
  });

  const cases: [string | undefined, boolean][] = [
    ['true', true], ['True', true], [' yes ', true], ['1', true], ['on', true],
    ['false', false], ['FALSE', false], ['no', false], ['0', false], ['', false], [undefined, false],
  ];
  for (const [raw, expected] of cases) {
    it(`reads ${JSON.stringify(raw)} as ${expected}`, () => assert.equal(parseBoolean(raw, 'comment'), expected));
  }

  it('uses the fallback for an empty value', () => assert.equal(parseBoolean('', 'comment', true), true));

  it('rejects anything else and names the input', () => {
    assert.throws(() => parseBoolean('maybe', 'comment'), (e: unknown) => e instanceof InputError && e.code === 'KVPG-INPUT-BOOLEAN' && /'comment'/.test(e.message));
  });
});

describe('parseParameterOverrides', () => {
  it('parses JSON values and keeps everything else as strings', () => {
    const parsed = parseParameterOverrides([
      'vaultName=kv-prod',
      'count=3',
      'enabled=true',
      'tags={"env":"prod"}',
      'zones=["1","2"]',
      'code="007"',
      'empty=',
      'url=https://x.example/a=b',
    ].join('\n'));
    assert.deepEqual(parsed, {
      vaultName: 'kv-prod', count: 3, enabled: true, tags: { env: 'prod' }, zones: ['1', '2'], code: '007', empty: '', url: 'https://x.example/a=b',
    });
  });

  it('accepts a list of lines and skips blanks and comments', () => {
    assert.deepEqual(parseParameterOverrides(['a=1', '', '# note', ' b = x ']), { a: 1, b: 'x' });
  });

  const bad: [string, RegExp][] = [
    ['novalue', /line 1 .* is not name=value/],
    ['=x', /is not name=value/],
    ['a=1\nA=2', /sets parameter 'A' twice \(lines 1 and 2\)/],
    ['tags={"env":', /starts like JSON but is not valid JSON/],
  ];
  for (const [text, message] of bad) {
    it(`rejects ${JSON.stringify(text)} with a message that points at the line`, () => {
      assert.throws(() => parseParameterOverrides(text), (e: unknown) => e instanceof InputError && e.code === 'KVPG-INPUT-OVERRIDE' && message.test(e.message) && e.fix !== undefined);
    });
  }
});

describe('parseList', () => {
  it('splits on newlines and commas', () => assert.deepEqual(parseList('a, b\nc\n\n,d'), ['a', 'b', 'c', 'd']));
});

describe('parseChoice', () => {
  it('returns the canonical spelling for a case-insensitive match', () => assert.equal(parseChoice('LIVE-WINS', 'merge', ['union', 'live-wins'], 'union'), 'live-wins'));
  it('returns the fallback when empty', () => assert.equal(parseChoice(' ', 'merge', ['union', 'live-wins'], 'union'), 'union'));
  it('lists the allowed values when the value is unknown', () => {
    assert.throws(() => parseChoice('both', 'merge', ['union', 'live-wins'], 'union'), /must be one of union, live-wins/);
  });
});
