import assert from 'node:assert/strict';
import { renderSummaryMarkdown } from '../../../src/core/report/index.js';
import { sampleResult, VAULT } from './sample-result.js';

describe('renderSummaryMarkdown', () => {
  it('renders the headline, the vault table, one table per changed vault and the findings with links', () => {
    const expected = `## keyvault-policy-guard check: ❌ gate failed

2 vaults · 2 principals losing access · 1 error · 1 warning · 1 notice

| Vault | Template | Permission model | Losing access |
| --- | --- | --- | --- |
| \`kv-app\` | \`infra/main.json:12:5\` | access policies | 2 |
| \`kv-rbac\` | \`infra/main.json:40:5\` | Azure RBAC | — |

### \`kv-app\`: 2 principals losing access

\`${VAULT}\` · \`infra/main.json:12:5\`

| Principal | Change | Before | After | Removed |
| --- | --- | --- | --- | --- |
| \`aaaaaaaa-0000-4000-8000-000000000001 (app app-1)\` | removed | secrets: get, list | (none) | secrets: get, list |
| \`bbbbbbbb-0000-4000-8000-000000000002\` | changed | keys: get, sign | keys: get, verify | keys: sign |
| \`cccccccc-0000-4000-8000-000000000003\` | added | (none) | secrets: get | — |

1 unchanged principal not shown.

### Findings

- ❌ **error** \`no-removal\` [Deployment removes access from 2 principal(s)](https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies) · \`infra/main.json:12:5\`
  Deploying the template would change vault ${VAULT} so that:
  - aaaaaaaa-0000-4000-8000-000000000001 (app app-1) loses all access (secrets: get, list)
  - bbbbbbbb-0000-4000-8000-000000000002 loses keys: sign

  Fix:
  \`\`\`text
  Run keyvault-policy-guard in inject mode.
  \`\`\`

- ⚠️ **warning** \`KVPG429-THROTTLED\` [Azure Resource Manager kept throttling the requests (HTTP 429)](https://learn.microsoft.com/azure/key-vault/general/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits)
  Still throttled after 4 attempts: Too many requests

- ℹ️ **notice** \`rbac-recommended\` [Vault uses access policies](https://learn.microsoft.com/azure/key-vault/general/rbac-migration) · \`infra/with space.json:3:9\`
  Vault ${VAULT} uses access policies.
`;
    assert.equal(renderSummaryMarkdown(sampleResult(), { baseDir: '/work/repo' }), expected);
  });

  it('renders a clean plan run as a short passed summary', () => {
    const result = { ...sampleResult(), mode: 'plan' as const, diffs: [], findings: [], removedCount: 0, exitCode: 0 as const };
    result.vaults = result.vaults.slice(1);
    assert.equal(
      renderSummaryMarkdown(result),
      [
        '## keyvault-policy-guard plan: ✅ passed',
        '',
        '1 vault · 0 principals losing access · 0 errors · 0 warnings · 0 notices',
        '',
        '| Vault | Template | Permission model | Losing access |',
        '| --- | --- | --- | --- |',
        '| `kv-rbac` | `/work/repo/infra/main.json:40:5` | Azure RBAC | — |',
        '',
      ].join('\n'),
    );
  });

  it('counts a vault two templates deploy once in the headline, and a principal it loses under each once', () => {
    const base = sampleResult();
    const vault = base.vaults.find((v) => v.id === VAULT)!;
    const diff = base.diffs.find((d) => d.vaultId === VAULT)!;
    const second = { ...vault, location: { file: '/work/repo/infra/other.json', line: 3, column: 5 } };
    // As run() sums it: once per diff, so twice for the one vault.
    const result = { ...base, vaults: [vault, second], diffs: [diff, { ...diff, vaultId: VAULT.toUpperCase(), location: second.location }], findings: [], removedCount: 2 * diff.removedCount };
    const lost = diff.principals.filter((p) => p.change === 'removed' || Object.keys(p.removed).length > 0).length;
    assert.match(renderSummaryMarkdown(result), new RegExp(`^1 vault \\(2 vault resources\\) · ${lost} principals? losing access · 0 errors`, 'm'));
  });

  it('lists the templates inject wrote and the snapshot path, relative to the workspace', () => {
    const result = { ...sampleResult(), mode: 'inject' as const, written: ['/work/repo/infra/main.json'], snapshotPath: '/work/repo/.kpg/snapshot.json' };
    const text = renderSummaryMarkdown(result, { baseDir: '/work/repo' });
    assert.ok(text.includes('\nWrote `infra/main.json`.\n\nSnapshot: `.kpg/snapshot.json`\n'), text);
  });

  it('escapes pipes inside table cells', () => {
    const result = sampleResult();
    result.diffs[0]!.principals[0]!.applicationId = 'a|b';
    assert.ok(renderSummaryMarkdown(result).includes('(app a\\|b)'));
  });

  it('in inject mode lists who the template as written would have stripped, with what they keep now', () => {
    const result = sampleResult();
    const [diff] = result.diffs;
    const alice = diff!.principals[0]!;
    result.mode = 'inject';
    // As written the template removes Alice; after injection she keeps everything.
    result.unguardedDiffs = [{ ...diff!, removedCount: 1, principals: [alice] }];
    result.diffs = [{ ...diff!, removedCount: 0, principals: [{ ...alice, change: 'unchanged', after: alice.before, removed: {} }] }];
    result.removedCount = 0;
    const md = renderSummaryMarkdown(result);
    assert.match(md, /^1 principal kept by injection · 2 vaults · 0 principals losing access/m);
    assert.ok(md.includes([
      'Kept by injection (the template as written would have removed this access):',
      '',
      '| Principal | Live | Template as written | Deployed now |',
      '| --- | --- | --- | --- |',
      `| \`${alice.objectId} (app app-1)\` | secrets: get, list | (none) | secrets: get, list |`,
    ].join('\n')), md);
  });

  it('shows no kept section when injection changed nothing the template would remove', () => {
    const result = sampleResult();
    result.mode = 'inject';
    result.unguardedDiffs = result.diffs.map((d) => ({ ...d, principals: d.principals.filter((p) => p.change === 'unchanged'), removedCount: 0 }));
    assert.doesNotMatch(renderSummaryMarkdown(result), /Kept by injection/);
  });
});
