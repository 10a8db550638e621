// compareAfterDeploy: expected (template ∪ snapshot, as inject merges) against live, per principal; the window from history.
import assert from 'node:assert/strict';
import { compareAfterDeploy } from '../../../src/core/verify/compare-after-deploy.js';
import type { PlannedVault, SnapshotVault } from '../../../src/core/types.js';
import type { HistoryOutcome, VaultChangeRecord } from '../../../src/core/verify/model.js';

const T = '11111111-2222-4333-8444-555555555555';
const ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const W = 'dddddddd-0000-4000-8000-000000000004';
const e = (objectId: string, secrets: string[]) => ({ tenantId: T, objectId, permissions: { secrets } });
const TAKEN_AT = '2026-12-01T10:00:00.000Z';

function vault(template: ReturnType<typeof e>[] | undefined, extra: Partial<PlannedVault> = {}): PlannedVault {
  return {
    id: ID, resolved: true, rbac: false, location: { file: 't.json', line: 3, column: 5 }, path: ['resources', 0],
    accessPoliciesForm: 'literal-array', injectable: true,
    ...(template ? { templatePolicies: template.map((entry) => ({ kind: 'resolved' as const, entry })) } : {}),
    ...extra,
  };
}
const snap = (entries: ReturnType<typeof e>[], rbac = false): SnapshotVault => ({ id: ID, exists: true, tenantId: T, enableRbacAuthorization: rbac, accessPolicies: entries });
const compare = (v: PlannedVault, before: SnapshotVault, live: SnapshotVault, histories?: HistoryOutcome[]) =>
  compareAfterDeploy({ vaults: [v], snapshot: { schemaVersion: 1, takenAt: TAKEN_AT, vaults: [before] }, live: [live], merge: 'union', excludePrincipals: [], histories })[0]!;

describe('compareAfterDeploy', () => {
  it('finds nothing lost when the live vault holds exactly the template merged with the snapshot', () => {
    const r = compare(vault([e(C, ['get'])]), snap([e(A, ['get', 'list'])]), snap([e(A, ['get', 'list']), e(C, ['get'])]));
    assert.deepEqual([r.lost, r.added], [[], []]);
  });

  it('names a principal lost entirely and one that lost a single permission, when the original template was deployed', () => {
    const r = compare(vault([e(C, ['get'])]), snap([e(A, ['get', 'list']), e(B, ['get', 'set'])]), snap([e(C, ['get']), e(B, ['get'])]));
    assert.deepEqual(r.lost, [
      { tenantId: T, objectId: A, whole: true, permissions: { secrets: ['get', 'list'] } },
      { tenantId: T, objectId: B, whole: false, permissions: { secrets: ['set'] } },
    ]);
  });

  it('reports access the deploy did not give as added, matching ids and permission names case-insensitively', () => {
    const r = compare(vault([]), snap([e(A, ['get'])]), snap([e(A.toUpperCase(), ['Get', 'LIST']), e(W, ['get'])]));
    assert.deepEqual(r.lost, []);
    assert.deepEqual(r.added.map((d) => [d.objectId, d.whole, d.permissions]), [[A.toUpperCase(), false, { secrets: ['list'] }], [W, true, { secrets: ['get'] }]]);
  });

  it('skips RBAC vaults and vaults whose template policies are unknown, saying why', () => {
    assert.match(compare(vault([]), snap([], true), snap([], true)).skipped!, /Azure RBAC/);
    assert.match(compare(vault(undefined, { accessPoliciesForm: 'expression' }), snap([]), snap([])).skipped!, /cannot be known offline/);
  });

  it('reports a grant added after the snapshot and removed by the deploy as lost-in-window, not an earlier or a live one', () => {
    const changes: VaultChangeRecord[] = [
      // Before the snapshot: B was granted (already in the snapshot).
      { timestamp: '2026-12-01T09:00:00.000Z', changeType: 'Update', changes: { 'properties.accessPolicies[1].objectId': { previousValue: 'null', newValue: B, propertyChangeType: 'Insert' }, 'properties.accessPolicies[1].tenantId': { previousValue: 'null', newValue: T, propertyChangeType: 'Insert' }, 'properties.accessPolicies[1].permissions.secrets[0]': { previousValue: 'null', newValue: 'get', propertyChangeType: 'Insert' } } },
      // The window: W granted.
      { timestamp: '2026-12-01T10:05:00.000Z', changeType: 'Update', changes: { 'properties.accessPolicies[2].objectId': { previousValue: 'null', newValue: W, propertyChangeType: 'Insert' }, 'properties.accessPolicies[2].tenantId': { previousValue: 'null', newValue: T, propertyChangeType: 'Insert' }, 'properties.accessPolicies[2].permissions.secrets[0]': { previousValue: 'null', newValue: 'list', propertyChangeType: 'Insert' } } },
      // The deploy: W removed.
      { timestamp: '2026-12-01T10:10:00.000Z', changeType: 'Update', changes: { 'properties.accessPolicies[2].objectId': { previousValue: W, newValue: 'null', propertyChangeType: 'Remove' }, 'properties.accessPolicies[2].tenantId': { previousValue: T, newValue: 'null', propertyChangeType: 'Remove' }, 'properties.accessPolicies[2].permissions.secrets[0]': { previousValue: 'list', newValue: 'null', propertyChangeType: 'Remove' } } },
      // After the deploy: C granted, and still there.
      { timestamp: '2026-12-01T10:20:00.000Z', changeType: 'Update', changes: { 'properties.accessPolicies[2].objectId': { previousValue: 'null', newValue: C, propertyChangeType: 'Insert' }, 'properties.accessPolicies[2].tenantId': { previousValue: 'null', newValue: T, propertyChangeType: 'Insert' }, 'properties.accessPolicies[2].permissions.secrets[0]': { previousValue: 'null', newValue: 'get', propertyChangeType: 'Insert' } } },
    ];
    const live = [e(A, ['get']), e(B, ['get']), e(C, ['get'])];
    const history: HistoryOutcome = { vaultId: ID, history: { vaultId: ID, exists: true, current: live, changes } };
    const r = compare(vault([]), snap(live.slice(0, 2)), snap(live), [history]);
    assert.deepEqual(r.added.map((d) => d.objectId), [C]);
    assert.deepEqual(r.lostInWindow, [{ tenantId: T, objectId: W, whole: true, permissions: { secrets: ['list'] } }]);
    assert.equal(r.windowSkipped, undefined);
  });

  it('says the window check was skipped when the history could not be read, or does not match the live vault', () => {
    const unread = compare(vault([]), snap([e(A, ['get'])]), snap([e(A, ['get'])]), [{ vaultId: ID, problem: { kind: 'server-error', message: 'boom' } }]);
    assert.match(unread.windowSkipped!, /could not be read \(boom\)/);
    const wrong: HistoryOutcome = { vaultId: ID, history: { vaultId: ID, exists: true, current: [e(A, ['get'])], changes: [
      { timestamp: '2026-12-01T10:10:00.000Z', changeType: 'Update', changes: { 'properties.accessPolicies[0].objectId': { previousValue: B, newValue: C, propertyChangeType: 'Update' } } },
    ] } };
    assert.match(compare(vault([]), snap([e(A, ['get'])]), snap([e(A, ['get'])]), [wrong]).windowSkipped!, /does not lead back to the snapshot exactly/);
  });
});
