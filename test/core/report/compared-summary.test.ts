import assert from 'node:assert/strict';
import { comparedSummary } from '../../../src/core/report/compared-summary.js';
import type { PrincipalChange, UncomparedVault, VaultDiff } from '../../../src/core/types.js';

const id = (name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${name}`;
const at = (file: string, line: number) => ({ file, line, column: 5 });
const ALICE = 'aaaaaaaa-0000-4000-8000-000000000001';
const removed: PrincipalChange = { tenantId: 't', objectId: ALICE, change: 'removed', before: { secrets: ['get'] }, after: {}, removed: { secrets: ['get'] }, added: {} };

const quiet = (name: string, file = 'main.json'): VaultDiff => ({ vaultId: id(name), location: at(file, 5), principals: [], removedCount: 0 });
const losing = (name: string): VaultDiff => ({ ...quiet(name), principals: [removed], removedCount: 1 });
const notInjected = (name: string, file = 'main.json'): UncomparedVault => ({ vaultId: id(name), location: at(file, 20), code: 'KVPG-VAULT-NOT-INJECTED', atRisk: [{ tenantId: 't', objectId: ALICE, permissions: { secrets: ['get'] } }] });
const unresolved = (line: number): UncomparedVault => ({ vaultId: id("[parameters('names')[copyIndex()]]"), location: at('main.json', line), code: 'KVPG-VAULT-UNRESOLVED', atRisk: [] });

const CASES: { title: string; diffs: VaultDiff[]; uncompared?: UncomparedVault[]; line: string }[] = [
  { title: 'every vault compared, nobody losing: unqualified, as before', diffs: [quiet('a'), quiet('b')], line: 'No principal would lose access (2 vaults compared).' },
  { title: 'every vault compared, one losing: unqualified, as before', diffs: [losing('a'), quiet('b')], line: '1 principal would lose access on 1 of 2 vaults.' },
  {
    title: 'a vault whose accessPolicies are unknown: "no principal" is limited to the vaults compared and the finding is named',
    diffs: [quiet('a'), quiet('b')],
    uncompared: [notInjected('c')],
    line: 'No principal would lose access in the 2 vaults compared; 1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).',
  },
  {
    title: 'a loss beside a vault not compared',
    diffs: [losing('a'), quiet('b')],
    uncompared: [notInjected('c')],
    line: '1 principal would lose access on 1 of 2 vaults compared; 1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).',
  },
  {
    title: 'copy-loop and other unresolved vaults count per resource, both codes named once each',
    diffs: [quiet('a')],
    uncompared: [unresolved(30), unresolved(40), notInjected('c'), notInjected('C', 'other.json')],
    line: 'No principal would lose access in the 1 vault compared; 3 vaults could not be compared (see KVPG-VAULT-UNRESOLVED and KVPG-VAULT-NOT-INJECTED).',
  },
  {
    title: 'a vault two templates deploy, beside one not compared',
    diffs: [quiet('a'), quiet('A', 'other.json')],
    uncompared: [notInjected('c')],
    line: 'No principal would lose access in the 1 vault compared (2 vault resources in 2 templates); 1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).',
  },
  { title: 'no vault compared at all', diffs: [], uncompared: [notInjected('c')], line: '1 vault could not be compared (see KVPG-VAULT-NOT-INJECTED).' },
];

describe('comparedSummary', () => {
  for (const c of CASES) {
    it(c.title, () => assert.equal(comparedSummary(c.diffs, c.uncompared), c.line));
  }
});
