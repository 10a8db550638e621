// Test oracle, written apart from src/core/policy: who a principal is and what it may do, as Key Vault sees it.
// Identity is tenantId + objectId + applicationId (absent = none), GUIDs compared case-insensitively; permission names
// compare case-insensitively and `all` grants every name of its category (but only `all` grants `all`).
import fc from 'fast-check';

export interface OracleEntry {
  tenantId: string;
  objectId: string;
  applicationId?: string | null;
  permissions: Partial<Record<string, readonly string[]>>;
}

export function principalOf(e: Pick<OracleEntry, 'tenantId' | 'objectId' | 'applicationId'>): string {
  const app = typeof e.applicationId === 'string' ? e.applicationId.trim().toLowerCase() : '';
  return `${e.tenantId.trim().toLowerCase()}/${e.objectId.trim().toLowerCase()}/${app}`;
}

const CATEGORY_NAMES = ['keys', 'secrets', 'certificates', 'storage'];

/** The names granted per category, lower-cased (categories too: JSON may spell them in any case). */
function granted(permissions: OracleEntry['permissions']): Map<string, Set<string>> {
  const byCategory = new Map<string, Set<string>>(CATEGORY_NAMES.map((c) => [c, new Set<string>()]));
  for (const [category, names] of Object.entries(permissions)) for (const n of names ?? []) byCategory.get(category.toLowerCase())!.add(n.toLowerCase());
  return byCategory;
}

/** Whether `has` grants everything `wanted` grants. */
export function covers(has: OracleEntry['permissions'], wanted: OracleEntry['permissions']): boolean {
  const h = granted(has);
  for (const [category, names] of granted(wanted)) {
    const held = h.get(category)!;
    if (held.has('all')) continue;
    for (const n of names) if (!held.has(n)) return false;
  }
  return true;
}

/** Same grants both ways. */
export function sameGrants(a: OracleEntry['permissions'], b: OracleEntry['permissions']): boolean {
  return covers(a, b) && covers(b, a);
}

/** Everything each principal is granted across the entries naming it. */
export function grantsByPrincipal(entries: readonly OracleEntry[]): Map<string, OracleEntry['permissions']> {
  const out = new Map<string, Record<string, string[]>>();
  for (const e of entries) {
    const merged = out.get(principalOf(e)) ?? {};
    for (const [category, names] of Object.entries(e.permissions)) (merged[category.toLowerCase()] ??= []).push(...(names ?? []));
    out.set(principalOf(e), merged);
  }
  return out;
}

/** Random upper/lower case per character. */
export const recased = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((ups) => [...word].map((ch, i) => (ups[i] ? ch.toUpperCase() : ch)).join(''));
