import assert from 'node:assert/strict';
import { AZDO_COMMENT_LIMIT, COMMENT_LIMIT, SUMMARY_LIMIT_BYTES, commentMarker, renderJobSummary, renderPrComment, renderSummaryMarkdown, truncateMarkdown } from '../../../src/core/report/index.js';
import type { Finding, RunResult } from '../../../src/core/types.js';
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
    // A code each, so grouping (one block per rule) cannot shrink them below the limit.
    const many: Finding[] = Array.from({ length: 3000 }, (_, i) => ({ code: `rule-${i}`, level: 'warning', title: `Broad grant ${i}`, message: 'x'.repeat(40), fix: `fix line ${i}\nsecond line` }));
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

describe('the job summary and the comments at 800 vaults', () => {
  const vault = (i: number) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-${String(i).padStart(4, '0')}-payments-westeurope`;
  const ALICE = 'aaaaaaaa-0000-4000-8000-000000000001';
  /** 800 vaults, every one with 30 principals kept by injection; vaults 7 and 640 still lose Alice. */
  function bigResult(): RunResult {
    const location = (i: number) => ({ file: '/ws/main.json', line: 40 * i + 1, column: 5 });
    const principal = (n: number, change: 'removed' | 'unchanged') => ({
      tenantId: 't', objectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, change,
      before: { secrets: ['get', 'list'] }, after: change === 'removed' ? {} : { secrets: ['get', 'list'] }, removed: change === 'removed' ? { secrets: ['get', 'list'] } : {}, added: {},
    });
    const ids = Array.from({ length: 800 }, (_, i) => i);
    const losing = (i: number) => i === 7 || i === 640;
    return {
      mode: 'inject',
      vaults: ids.map((i) => ({ id: vault(i), resolved: true, rbac: false, location: location(i), path: ['resources', i], accessPoliciesForm: 'literal-array', injectable: true })),
      written: ['/ws/main.json'],
      diffs: ids.map((i) => ({
        vaultId: vault(i), location: location(i), removedCount: losing(i) ? 1 : 0,
        principals: [{ ...principal(0, losing(i) ? 'removed' : 'unchanged'), objectId: ALICE }, ...Array.from({ length: 30 }, (_, n) => principal(n + 1, 'unchanged'))],
      })),
      unguardedDiffs: ids.map((i) => ({ vaultId: vault(i), location: location(i), removedCount: 31, principals: [{ ...principal(0, 'removed'), objectId: ALICE }, ...Array.from({ length: 30 }, (_, n) => principal(n + 1, 'removed'))] })),
      findings: ids.map((i) => ({ code: 'rbac-recommended', level: 'notice', title: 'Vault uses access policies', message: `Vault ${vault(i)} uses access policies.`, vaultId: vault(i), location: location(i) })),
      removedCount: 2,
      exitCode: 1,
    };
  }

  it('puts every vault still losing a principal before anything a size cut could take, and groups the findings', () => {
    const md = renderSummaryMarkdown(bigResult(), { baseDir: '/ws' });
    const losses = md.indexOf('### `kv-0007-payments-westeurope`: 1 principal losing access');
    assert.ok(losses > 0 && md.indexOf('### `kv-0640-payments-westeurope`: 1 principal losing access') > losses, 'both losing vaults have their section');
    assert.equal((md.match(/^### `kv-/gm) ?? []).length, 2, 'no section for the 798 vaults that lose nothing');
    assert.ok(md.includes('798 vaults where no principal loses access: one row each in the table below'), md.slice(0, 2000));
    assert.ok(md.includes('- ℹ️ **notice** `rbac-recommended` Vault uses access policies · 800 findings\n  - `main.json:1:5` `kv-0000-payments-westeurope`\n'), 'one grouped item');
    assert.ok(md.indexOf('<details><summary>All vaults</summary>') > md.indexOf('### Findings'), 'the vault table comes last');
  });

  it("keeps the GitHub comment under 65,536 characters and the Azure DevOps one under 150,000, each still naming both losing vaults", () => {
    const result = bigResult();
    for (const limit of [COMMENT_LIMIT - 1, AZDO_COMMENT_LIMIT - 1]) {
      const body = renderPrComment(result, { marker: 'm', limit });
      assert.ok(body.length <= limit, `${body.length} > ${limit}`);
      assert.match(body, /### `kv-0007-payments-westeurope`/);
      assert.match(body, /### `kv-0640-payments-westeurope`/);
      const whole = renderSummaryMarkdown(result).length;
      if (whole > limit) assert.match(body, /> ⚠️ Truncated: \d+ more lines did not fit in this comment/);
      else assert.doesNotMatch(body, /Truncated/);
    }
    assert.ok(renderSummaryMarkdown(result).length > COMMENT_LIMIT, 'the summary of this run does not fit a GitHub comment');
    {
    }
  });

  it('cuts the job summary below 1 MiB of UTF-8 and says where the rest is', () => {
    const result = bigResult();
    // Long vault names make the table alone larger than a MiB.
    for (const v of result.vaults) v.id = v.id + 'é'.repeat(1500);
    const md = renderJobSummary(result);
    assert.ok(Buffer.byteLength(md, 'utf8') < SUMMARY_LIMIT_BYTES, String(Buffer.byteLength(md, 'utf8')));
    assert.match(md, /> ⚠️ Truncated: \d+ more lines did not fit in the 1 MiB job summary; the `report` file \(JSON\) has the whole result\.\n$/);
    assert.match(md, /### `kv-0640-payments-westeurope`/);
  });
});
