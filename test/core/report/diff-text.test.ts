import assert from 'node:assert/strict';
import { renderDiffText } from '../../../src/core/report/index.js';
import { sampleResult, VAULT } from './sample-result.js';

describe('renderDiffText', () => {
  it('prints who would lose, change or gain what, per vault', () => {
    assert.equal(
      renderDiffText(sampleResult().diffs),
      `${VAULT} (/work/repo/infra/main.json:12:5)\n` +
        '  - aaaaaaaa-0000-4000-8000-000000000001 (app app-1): loses all access (secrets: get, list)\n' +
        '  ~ bbbbbbbb-0000-4000-8000-000000000002: loses keys: sign; gains keys: verify\n' +
        '  + cccccccc-0000-4000-8000-000000000003: gains secrets: get\n' +
        '  = 1 unchanged\n' +
        '2 principals would lose access on 1 of 1 vault.\n',
    );
  });

  it('says when nobody would lose access', () => {
    const diff = { vaultId: VAULT, principals: [], removedCount: 0 };
    assert.equal(renderDiffText([diff, { ...diff, vaultId: 'kv2' }]), `${VAULT}\n  (no access policies before or after)\nkv2\n  (no access policies before or after)\nNo principal would lose access (2 vaults compared).\n`);
  });

  it('says what losing all leaves when the principal keeps some names of the category', () => {
    const principal = { tenantId: 't', objectId: 'dddddddd-0000-4000-8000-000000000004', change: 'changed' as const, before: { keys: ['all'] }, after: { keys: ['get', 'list'] }, removed: { keys: ['all'] }, added: {} };
    assert.equal(renderDiffText([{ vaultId: VAULT, principals: [principal], removedCount: 1 }]), `${VAULT}\n  ~ ${principal.objectId}: loses keys: all but get, list\n1 principal would lose access on 1 of 1 vault.\n`);
  });

  it('prints a permission category the spec does not have after the spec ones, and its all as a name like any other', () => {
    const principal = { tenantId: 't', objectId: 'eeeeeeee-0000-4000-8000-000000000005', change: 'changed' as const, before: { keys: ['get'], newcategory: ['all', 'get'] }, after: { keys: ['get'], newcategory: ['get'] }, removed: { newcategory: ['all'] }, added: {} };
    const gone = { ...principal, objectId: 'ffffffff-0000-4000-8000-000000000006', change: 'removed' as const, after: {}, removed: principal.before };
    assert.equal(
      renderDiffText([{ vaultId: VAULT, principals: [principal, gone], removedCount: 2 }]),
      `${VAULT}\n  ~ ${principal.objectId}: loses newcategory: all\n  - ${gone.objectId}: loses all access (keys: get; newcategory: all, get)\n2 principals would lose access on 1 of 1 vault.\n`,
    );
  });

  it('counts a vault two templates deploy once, and each principal it loses once, saying how many resources it compared', () => {
    const principal = { tenantId: 't', objectId: 'aaaaaaaa-1111-4111-8111-111111111111', change: 'removed' as const, before: { secrets: ['get'] }, after: {}, removed: { secrets: ['get'] }, added: {} };
    const inA = { vaultId: VAULT, location: { file: 'a.json', line: 5, column: 5 }, principals: [], removedCount: 0 };
    const inB = { ...inA, vaultId: VAULT.toUpperCase(), location: { file: 'b.json', line: 5, column: 5 } };
    assert.ok(renderDiffText([inA, inB]).endsWith('\nNo principal would lose access (1 vault compared: 2 vault resources in 2 templates).\n'));
    const losing = [{ ...inA, principals: [principal], removedCount: 1 }, { ...inB, principals: [{ ...principal, objectId: principal.objectId.toUpperCase() }], removedCount: 1 }];
    assert.ok(renderDiffText(losing).endsWith('\n1 principal would lose access on 1 of 1 vault (2 vault resources in 2 templates).\n'), renderDiffText(losing));
  });

  it('says of a vault the templates do not deploy that only their accessPolicies children change it', () => {
    const diff = { vaultId: VAULT, childrenOnly: true as const, location: { file: 'child.json', line: 28, column: 5 }, principals: [], removedCount: 0 };
    assert.equal(renderDiffText([diff], { summary: false }), `${VAULT} (child.json:28:5; not deployed by these templates: only their accessPolicies children change it)\n  (no access policies before or after)\n`);
  });

  it('says when there is nothing to compare', () => {
    assert.equal(renderDiffText([]), 'No vault to compare.\n');
  });
});
