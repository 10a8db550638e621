// Findings grouped per rule and level, so 800 vaults raising one notice read as one block, not 800.
import { groupBy } from '../group-by.js';
import type { Finding, Level } from '../types.js';

/** A rule raised at most this many times prints each finding in full; more, and they become one block. */
export const GROUP_SHOWN = 3;
/** Occurrences a block names (file:line and vault) before "and N more". */
export const GROUP_LISTED = 5;

export interface FindingGroup {
  code: string;
  level: Level;
  /** Every finding of the group, in the order the run raised them; the first stands for the group. */
  findings: Finding[];
}

const RANK: Record<Level, number> = { error: 0, warning: 1, notice: 2 };

/** Groups in first-occurrence order within each level, errors first. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = [...groupBy(findings, (f) => `${f.level}\u0000${f.code}`).values()].map((g) => ({ code: g[0]!.code, level: g[0]!.level, findings: g }));
  return groups.sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** The vault's name: the last segment of its resource id. */
export function vaultName(vaultId: string): string {
  return vaultId.slice(vaultId.lastIndexOf('/') + 1);
}

/** What one occurrence is about, for a list line: the vault's name, else the message's first line. */
export function occurrenceSubject(f: Finding): string {
  return f.vaultId ? vaultName(f.vaultId) : f.message.split('\n')[0]!;
}
