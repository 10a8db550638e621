import assert from 'node:assert/strict';
import { toAnnotations } from '../../../src/core/report/index.js';
import type { Finding } from '../../../src/core/types.js';
import { sampleResult } from './sample-result.js';

describe('toAnnotations', () => {
  it('gives each finding a level, a coded title, the message with fix and link, and its position', () => {
    const [first, second] = toAnnotations(sampleResult().findings, { baseDir: '/work/repo' });
    assert.deepEqual(first, {
      level: 'error',
      code: 'no-removal',
      title: 'no-removal: Deployment removes access from 2 principal(s)',
      message:
        'Deploying the template would change vault /subscriptions/sub-1/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app so that:\n' +
        '- aaaaaaaa-0000-4000-8000-000000000001 (app app-1) loses all access (secrets: get, list)\n' +
        '- bbbbbbbb-0000-4000-8000-000000000002 loses keys: sign\n' +
        'Fix: Run keyvault-policy-guard in inject mode.\n' +
        'See https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies',
      file: 'infra/main.json',
      startLine: 12,
      startColumn: 5,
    });
    assert.deepEqual(second, {
      level: 'warning',
      code: 'KVPG429-THROTTLED',
      title: 'KVPG429-THROTTLED: Azure Resource Manager kept throttling the requests (HTTP 429)',
      message: 'Still throttled after 4 attempts: Too many requests\nSee https://learn.microsoft.com/azure/key-vault/general/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits',
    });
  });

  it('keeps absolute paths when no workspace is given', () => {
    assert.equal(toAnnotations(sampleResult().findings)[0]!.file, '/work/repo/infra/main.json');
  });
});

describe('toAnnotations at scale', () => {
  const vault = (i: number) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-${i}`;
  const notice = (i: number): Finding => ({
    code: 'rbac-recommended', level: 'notice', title: 'Vault uses access policies', message: `Vault ${vault(i)} uses access policies.`,
    helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rbac-migration', vaultId: vault(i), location: { file: '/ws/main.json', line: 10 * i + 1, column: 5 },
  });

  it('turns 800 findings of one rule into one annotation at the first line, naming the next four and counting the rest', () => {
    const annotations = toAnnotations(Array.from({ length: 800 }, (_, i) => notice(i)), { baseDir: '/ws' });
    assert.deepEqual(annotations, [{
      level: 'notice',
      code: 'rbac-recommended',
      title: 'rbac-recommended: Vault uses access policies (800 findings)',
      message: `Vault ${vault(0)} uses access policies.\nAlso at:\n- main.json:11:5: kv-1\n- main.json:21:5: kv-2\n- main.json:31:5: kv-3\n- main.json:41:5: kv-4\n- … and 795 more (the job summary and the report file list every one)\nSee https://learn.microsoft.com/azure/key-vault/general/rbac-migration`,
      file: 'main.json',
      startLine: 1,
      startColumn: 5,
    }]);
  });

  it('keeps at most 10 annotations per level, the tenth counting what was left out', () => {
    const errors: Finding[] = Array.from({ length: 14 }, (_, i) => ({ code: `rule-${i}`, level: 'error', title: `Rule ${i}`, message: 'm' }));
    const annotations = toAnnotations(errors);
    assert.equal(annotations.length, 10);
    assert.deepEqual(annotations.slice(0, 9).map((a) => a.code), ['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-4', 'rule-5', 'rule-6', 'rule-7', 'rule-8']);
    assert.deepEqual(annotations[9], {
      level: 'error', code: 'KVPG-MORE', title: '5 more error annotations',
      message: 'Not annotated here: rule-9, rule-10, rule-11, rule-12, rule-13. The job summary and the report file list every finding.',
    });
  });
});
