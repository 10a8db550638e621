// Every expression in the 93 real templates must parse: the parser is checked against what ARM really accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { parse, type ParseError } from 'jsonc-parser';
import { isExpression, parseExpression } from '../../../../src/core/template/expression/index.js';

const CORPUS = '/work/shared/corpus/templates';

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      collectStrings(item, out);
    }
  }
}

describe('the real template corpus', () => {
  const files = fg.sync('**/*.json', { cwd: CORPUS, absolute: true });

  it('is present (93 templates plus their parameter files)', () => {
    assert.ok(files.length >= 93, `expected the corpus at ${CORPUS}, found ${files.length} files`);
  });

  it('parses every expression string in every template without a syntax error', () => {
    const failures: string[] = [];
    let expressions = 0;
    for (const file of files) {
      const errors: ParseError[] = [];
      const json: unknown = parse(readFileSync(file, 'utf8'), errors, { allowTrailingComma: true, disallowComments: false });
      const strings: string[] = [];
      collectStrings(json, strings);
      for (const s of strings.filter(isExpression)) {
        expressions++;
        try {
          parseExpression(s.slice(1, -1));
        } catch (error) {
          failures.push(`${file.slice(CORPUS.length + 1)}: ${(error as Error).message}`);
        }
      }
    }
    assert.ok(expressions > 5000, `expected thousands of expressions, found ${expressions}`);
    assert.deepEqual(failures, []);
  });
});
