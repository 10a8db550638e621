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
