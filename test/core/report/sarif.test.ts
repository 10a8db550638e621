import assert from 'node:assert/strict';
import { explainProblem } from '../../../src/core/guidance/index.js';
import { toSarif } from '../../../src/core/report/index.js';
import { sarifValidator } from '../../support/sarif-validator.js';
import { sampleResult, VAULT } from './sample-result.js';

const validate = sarifValidator();

describe('toSarif', () => {
  it('produces a log that validates against the SARIF 2.1.0 schema', () => {
    const log = toSarif(sampleResult(), { toolVersion: '0.1.0', baseDir: '/work/repo' });
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('is checked by a validator that rejects a level SARIF does not know', () => {
    const log = toSarif(sampleResult(), { toolVersion: '0.1.0' });
    (log.runs[0].results[0] as { level: string }).level = 'notice';
    assert.equal(validate(log), false);
  });

  it('lists each code once as a rule with its description, help link and default level', () => {
    const result = sampleResult();
    result.findings.push({ ...result.findings[0]!, message: 'second vault' });
    const { rules } = toSarif(result, { toolVersion: '1.2.3' }).runs[0].tool.driver;
    assert.deepEqual(rules, [
      {
        id: 'no-removal',
        shortDescription: { text: 'The deployment would remove principals or permissions the vault has now' },
        defaultConfiguration: { level: 'error' },
        helpUri: 'https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues#how-can-i-redeploy-key-vault-with-arm-template-without-deleting-existing-access-policies',
      },
      {
        id: 'KVPG429-THROTTLED',
        shortDescription: { text: 'Azure Resource Manager kept throttling the requests (HTTP 429)' },
        defaultConfiguration: { level: 'error' },
        helpUri: 'https://learn.microsoft.com/azure/key-vault/general/overview-throttling#how-to-throttle-your-app-in-response-to-service-limits',
      },
      {
        id: 'rbac-recommended',
        shortDescription: { text: 'The vault uses access policies; Azure RBAC is recommended' },
        defaultConfiguration: { level: 'note' },
        helpUri: 'https://learn.microsoft.com/azure/key-vault/general/rbac-migration',
      },
    ]);
  });

  it('maps each finding to a result with level, message, vault and a workspace-relative location', () => {
    const { results, tool } = toSarif(sampleResult(), { toolVersion: '0.1.0', baseDir: '/work/repo/' }).runs[0];
    assert.equal(tool.driver.name, 'keyvault-policy-guard');
    assert.equal(tool.driver.version, '0.1.0');
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations?.[0]?.physicalLocation.artifactLocation.uri, r.locations?.[0]?.physicalLocation.region]),
      [
        ['no-removal', 0, 'error', 'infra/main.json', { startLine: 12, startColumn: 5 }],
        ['KVPG429-THROTTLED', 1, 'warning', undefined, undefined],
        ['rbac-recommended', 2, 'note', 'infra/with%20space.json', { startLine: 3, startColumn: 9 }],
      ],
    );
    assert.equal(results[0]!.message.text.split('\n').at(-1), 'Fix: Run keyvault-policy-guard in inject mode.');
    assert.deepEqual(results[0]!.properties, { vaultId: VAULT });
  });

  it('uses forward slashes for Windows paths and file URIs outside the workspace', () => {
    const result = sampleResult();
    result.findings = [
      { ...result.findings[0]!, location: { file: 'D:\\a\\repo\\infra\\main.json', line: 1, column: 1 } },
      { ...result.findings[0]!, location: { file: '/elsewhere/main.json', line: 1, column: 1 } },
    ];
    const uris = toSarif(result, { toolVersion: '0.1.0', baseDir: 'D:\\a\\repo' }).runs[0].results.map((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['infra/main.json', 'file:///elsewhere/main.json']);
  });

  it('describes guidance findings from the catalog and validates with them', () => {
    const finding = explainProblem({ kind: 'no-role', scope: '/subscriptions/s', principal: { objectId: 'o' } });
    const log = toSarif({ findings: [finding] }, { toolVersion: '0.1.0' });
    assert.equal(log.runs[0].tool.driver.rules[0]!.id, 'KVPG403-NO-ROLE');
    assert.ok(validate(log), JSON.stringify(validate.errors));
  });
});
