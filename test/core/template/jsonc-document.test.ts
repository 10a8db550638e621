import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { InputError } from '../../../src/core/errors.js';
import { parseJsoncText, parseTemplateText } from '../../../src/core/template/jsonc-document.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function thrown(work: () => unknown): InputError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('parseTemplateText', () => {
  it('accepts comments, trailing commas and raw line breaks inside strings as ARM does', () => {
    const text = `{\n  // comment\n  "$schema": "${SCHEMA}",\n  "resources": [],\n  "outputs": { "script": { "type": "string", "value": "line one\nline two\r\nline three\tend" }, },\n}`;
    const doc = parseTemplateText('t.json', text);
    const outputs = (doc.value as { outputs: { script: { value: string } } }).outputs;
    assert.equal(outputs.script.value, 'line one\nline two\r\nline three\tend');
  });

  it('detects a BOM and CRLF line ends and counts columns without the BOM', () => {
    const text = readFileSync('test/fixtures/templates/crlf-bom-comments.json', 'utf8');
    const doc = parseTemplateText('crlf.json', text);
    assert.equal(doc.bom, true);
    assert.equal(doc.eol, '\r\n');
    assert.deepEqual(doc.locate(0), { file: 'crlf.json', line: 1, column: 1 });
    const offset = text.indexOf('"contentVersion"');
    assert.deepEqual(doc.locate(offset), { file: 'crlf.json', line: 4, column: 3 });
  });

  it('reports a syntax error as KVPG-TEMPLATE-JSON with file, line and column', () => {
    const error = thrown(() => parseTemplateText('bad.json', `{\n  "$schema": "${SCHEMA}",\n  "resources": [ } \n}`));
    assert.equal(error.code, 'KVPG-TEMPLATE-JSON');
    assert.deepEqual(error.location, { file: 'bad.json', line: 3, column: 18 });
    assert.match(error.describe(), /^bad\.json:3:18: KVPG-TEMPLATE-JSON/);
    assert.ok(error.fix);
  });

  for (const [what, bytes] of [
    ['UTF-16 LE with its byte order mark', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16 BE with its byte order mark', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
    ['UTF-16 LE without a byte order mark', (t: string) => Buffer.from(t, 'utf16le')],
  ] as const) {
    it(`says a file in ${what} is not UTF-8, and how to save it, instead of "invalid symbol"`, () => {
      // What a UTF-8 reader (the tool's file port, az, git) makes of the file's bytes.
      const text = bytes(`{\n  "$schema": "${SCHEMA}",\n  "resources": []\n}\n`).toString('utf8');
      const error = thrown(() => parseTemplateText('u16.json', text));
      assert.equal(error.code, 'KVPG-FILE-ENCODING');
      assert.equal(error.describe(), 'u16.json:1:1: KVPG-FILE-ENCODING: u16.json is not UTF-8 text: it looks UTF-16 (or UTF-32) encoded, as PowerShell 5\'s Out-File and > redirection and some Windows editors save.\n  fix: Save it as UTF-8 (with or without BOM), e.g. `Get-Content in.json | Set-Content -Encoding utf8 out.json`, or in the editor\'s "Save with encoding".');
    });
  }

  it('still reads a UTF-8 file with its byte order mark', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{"$schema": "${SCHEMA}", "resources": []}`)]).toString('utf8');
    assert.equal(parseTemplateText('bom.json', text).bom, true);
  });

  it('refuses a parameters file given as the template and says so', () => {
    const text = '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}}';
    const error = thrown(() => parseTemplateText('p.json', text));
    assert.equal(error.code, 'KVPG-TEMPLATE-SCHEMA');
    assert.match(error.message, /parameters file/);
  });

  it('refuses a JSON file that is no template at all', () => {
    assert.equal(thrown(() => parseTemplateText('x.json', '{"name": "x"}')).code, 'KVPG-TEMPLATE-SCHEMA');
    assert.equal(thrown(() => parseTemplateText('x.json', '[]')).code, 'KVPG-TEMPLATE-SCHEMA');
  });

  it('gives every node an offset that locates to 1-based line and column', () => {
    const doc = parseJsoncText('n.json', '{\n\t"a": [\n\t\t1\n\t]\n}');
    const one = doc.root.children![0]!.children![1]!.children![0]!;
    assert.deepEqual(doc.locate(one.offset), { file: 'n.json', line: 3, column: 3 });
  });
});
