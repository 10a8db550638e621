import assert from 'node:assert/strict';
import { principalLabel, principalMarkdown, renderDiffText, renderSummaryMarkdown } from '../../../src/core/report/index.js';
import type { DirectoryEntry, PrincipalNames, RunResult } from '../../../src/core/types.js';

const HOME = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = '0a0a0a0a-0000-4000-8000-000000000000';
const ID = '9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b';
const APP = 'd0000000-0000-4000-8000-00000000000b';

const names = (entry?: DirectoryEntry): PrincipalNames => ({ byId: new Map(entry ? [[ID, entry]] : []), tenantId: HOME });

describe('principalLabel', () => {
  const table: [string, DirectoryEntry | undefined, string][] = [
    ['a user with its name', { exists: true, displayName: 'Trevor Jones', type: 'user' }, `${ID} Trevor Jones (user)`],
    ['a group', { exists: true, displayName: 'Key Vault Readers', type: 'group' }, `${ID} Key Vault Readers (group)`],
    ['a service principal', { exists: true, displayName: 'billing-api', type: 'servicePrincipal' }, `${ID} billing-api (service principal)`],
    ['a managed identity', { exists: true, displayName: 'id-orders', type: 'managedIdentity' }, `${ID} id-orders (managed identity)`],
    ['the type alone when only @odata.type came back', { exists: true, type: 'servicePrincipal' }, `${ID} (service principal)`],
    ['an application object, which is never what an access policy should name', { exists: true, displayName: 'billing', type: 'application' }, `${ID} billing (application object, not a service principal)`],
    ['a deleted identity', { exists: false }, `${ID} (deleted identity)`],
    ['the id alone when the directory said nothing', undefined, ID],
  ];
  for (const [what, entry, expected] of table) it(`labels ${what}`, () => assert.equal(principalLabel({ objectId: ID, tenantId: HOME }, names(entry)), expected));

  it('looks ids up whatever their case, and keeps the application of a compound identity', () => {
    const label = principalLabel({ objectId: ID.toUpperCase(), applicationId: APP, tenantId: HOME }, names({ exists: true, displayName: 'Ops', type: 'group' }));
    assert.equal(label, `${ID.toUpperCase()} (app ${APP}) Ops (group)`);
  });

  it('labels an entry of another tenant foreign, whatever the directory says about the id', () => {
    assert.equal(principalLabel({ objectId: ID, tenantId: OTHER }, names({ exists: false })), `${ID} (foreign tenant)`);
  });

  it('prints the bare id without names', () => assert.equal(principalLabel({ objectId: ID }), ID));

  it('keeps a display name on one line, without bidi overrides or an Azure DevOps logging command, and cuts it at 80 characters', () => {
    const hostile = 'evil\n##vso[task.setvariable variable=x]1\u202Egnp.exe\u0007';
    const label = principalLabel({ objectId: ID, tenantId: HOME }, names({ exists: true, displayName: hostile, type: 'user' }));
    assert.ok(!/[\n\u202E\u0007]/.test(label), JSON.stringify(label));
    assert.ok(!label.includes('##vso['), label);
    assert.equal(label, `${ID} evil #\u2009#vso[task.setvariable variable=x]1 gnp.exe (user)`);
    const spaced = principalLabel({ objectId: ID, tenantId: HOME }, names({ exists: true, displayName: ' Trevor \t\r\n Jones ', type: 'user' }));
    assert.equal(spaced, `${ID} Trevor Jones (user)`);
    const long = principalLabel({ objectId: ID, tenantId: HOME }, names({ exists: true, displayName: 'x'.repeat(300) }));
    assert.equal(long, `${ID} ${'x'.repeat(79)}…`);
  });
});

describe('principalMarkdown', () => {
  it('puts the id in code and escapes the name, so it can neither format, link nor mention', () => {
    const md = principalMarkdown({ objectId: ID, tenantId: HOME }, names({ exists: true, displayName: '*[click](https://x)* @octo/team <b>', type: 'user' }));
    assert.equal(md, `\`${ID}\` \\*\\[click\\](https://x)\\* @\u2060octo/team \\<b\\> (user)`);
  });
});

describe('renderers with names', () => {
  const diff = {
    vaultId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
    removedCount: 1,
    principals: [{ tenantId: HOME, objectId: ID, change: 'removed' as const, before: { secrets: ['get'] }, after: {}, removed: { secrets: ['get'] }, added: {} }],
  };

  it('the CLI diff names the principal beside its id', () => {
    assert.equal(
      renderDiffText([diff], { names: names({ exists: true, displayName: 'Trevor Jones', type: 'user' }) }),
      `${diff.vaultId}\n  - ${ID} Trevor Jones (user): loses all access (secrets: get)\n1 principal would lose access on 1 of 1 vault.\n`,
    );
  });

  it('the summary table names the principal beside its id', () => {
    const result: RunResult = { mode: 'check', vaults: [], written: [], diffs: [diff], findings: [], removedCount: 1, exitCode: 0, principals: names({ exists: true, displayName: 'A | B', type: 'group' }) };
    assert.ok(renderSummaryMarkdown(result).includes(`| \`${ID}\` A \\| B (group) | removed | secrets: get | (none) | secrets: get |`), renderSummaryMarkdown(result));
  });
});
