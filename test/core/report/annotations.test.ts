import assert from 'node:assert/strict';
import { toAnnotations } from '../../../src/core/report/index.js';
import { sampleResult } from './sample-result.js';

describe('toAnnotations', () => {
  it('gives each finding a level, a coded title, the message with fix and link, and its position', () => {
    const [first, second] = toAnnotations(sampleResult().findings, { baseDir: '/work/repo' });
    assert.deepEqual(first, {
      level: 'error',
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
      title: 'KVPG429-THROTTLED: Azure Resource Manager kept throttling the requests (HTTP 429)',
      message: 'Still throttled after 4 attempts: Too many requests\nSee https://learn.microsoft.com/azure/key-vault/general/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits',
    });
  });

  it('keeps absolute paths when no workspace is given', () => {
    assert.equal(toAnnotations(sampleResult().findings)[0]!.file, '/work/repo/infra/main.json');
  });
});
