import assert from 'node:assert/strict';
import { COMMENT_LIMIT, commentMarker, renderPrComment, renderSummaryMarkdown, truncateMarkdown } from '../../../src/core/report/index.js';
import type { Finding } from '../../../src/core/types.js';
import { sampleResult } from './sample-result.js';

describe('renderPrComment', () => {
  it('starts with the hidden marker followed by the summary', () => {
    const result = sampleResult();
    assert.equal(renderPrComment(result, { marker: 'infra' }), `<!-- keyvault-policy-guard:infra -->\n${renderSummaryMarkdown(result)}`);
  });

  it('keeps a marker from closing the HTML comment early', () => {
    assert.equal(commentMarker('a-->b'), '<!-- keyvault-policy-guard:a-b -->');
  });

  it("cuts a huge report at a line boundary below GitHub's limit, keeping the marker and adding a note", () => {
    const result = sampleResult();
    const many: Finding[] = Array.from({ length: 3000 }, (_, i) => ({ code: 'least-privilege', level: 'warning', title: `Broad grant ${i}`, message: 'x'.repeat(40), fix: `fix line ${i}\nsecond line` }));
    result.findings = many;
    const body = renderPrComment(result, { marker: 'infra' });
    assert.ok(body.length < COMMENT_LIMIT, String(body.length));
    assert.ok(body.startsWith('<!-- keyvault-policy-guard:infra -->\n## keyvault-policy-guard check'));
    assert.match(body, /\n> ⚠️ Truncated: \d+ more lines did not fit in this comment; see the job summary for the full report\.\n$/);
    const full = `${commentMarker('infra')}\n${renderSummaryMarkdown(result)}`;
    const kept = body.slice(0, body.indexOf('\n> ⚠️ Truncated'));
    const fences = kept.split('\n').filter((line) => line.trimStart().startsWith('```')).length;
    assert.equal(fences % 2, 0, 'every code block is closed');
    assert.ok(full.startsWith(kept.replace(/ *```\n$/, '')), 'the kept part is whole lines from the start of the report');
  });
});

describe('truncateMarkdown', () => {
  it('returns text that fits unchanged', () => {
    assert.equal(truncateMarkdown('a\nb\n', 4), 'a\nb\n');
  });

  it('closes a code block the cut falls inside', () => {
    const text = ['head', '  ```text', ...Array.from({ length: 50 }, (_, i) => `  line ${i}`), '  ```', 'tail'].join('\n');
    const out = truncateMarkdown(text, 200);
    assert.ok(out.length <= 200, String(out.length));
    assert.equal(
      out,
      'head\n  ```text\n  line 0\n  line 1\n  line 2\n  line 3\n  line 4\n  line 5\n  line 6\n  line 7\n  ```\n' +
        '\n> ⚠️ Truncated: 44 more lines did not fit in this comment; see the job summary for the full report.\n',
    );
  });
});
