// Merges a template's access policies with a vault's live ones so a redeployment drops no live principal.
import type { MergeStrategy, SourceLocation } from '../types.js';
import { PERMISSION_CATEGORIES, type AccessPolicyEntry, type PermissionCategory, type Permissions, type TemplatePolicy } from './model.js';
import { entriesByIdentity } from './entries-by-identity.js';
import { samePermissions, unionPermissions } from './permission-sets.js';
import { assertPolicyLimit, identityKey, normalizeEntry, withPermissions, type PolicyContext } from './permissions.js';

export interface MergePoliciesOptions {
  vaultId: string;
  template: readonly TemplatePolicy[];
  live: readonly AccessPolicyEntry[];
  /** Defaults to `union`. */
  strategy?: MergeStrategy;
  /** objectIds whose live entries are not carried over (case-insensitive); template entries always stay. */
  excludePrincipals?: readonly string[];
  /** The vault's position in its template, for error messages. */
  location?: Partial<SourceLocation> & { file: string };
}

export interface MergePoliciesResult {
  /** Template entries in template order (opaque ones verbatim), then live-only principals in live order. */
  policies: TemplatePolicy[];
}

interface ResolvedSlot {
  kind: 'resolved';
  key: string;
  entry: AccessPolicyEntry;
  rawText?: string;
  /** Template text naming this principal, even after an earlier merge changed its permissions. */
  sourceText?: string;
  /** Permissions the entry's own text grants (before duplicates are folded in). */
  original: Permissions;
  /** Categories of `original` whose names the source text itself grants (all of them when it is the exact text). */
  asWritten: readonly PermissionCategory[];
}
type Slot = ResolvedSlot | { kind: 'opaque'; policy: TemplatePolicy };

const PICK: Record<MergeStrategy, (template: Permissions, live: Permissions) => Permissions> = {
  union: unionPermissions,
  'live-wins': (_template, live) => live,
  'template-wins': (template) => template,
};

export function mergePolicies(options: MergePoliciesOptions): MergePoliciesResult {
  const ctx: PolicyContext = { vaultId: options.vaultId, location: options.location };
  const pick = PICK[options.strategy ?? 'union'];
  const excluded = new Set((options.excludePrincipals ?? []).map(lowerTrim));
  const live = entriesByIdentity(options.live, ctx, excluded.size > 0 ? (entry) => excluded.has(lowerTrim(entry.objectId)) : undefined);
  const policies: TemplatePolicy[] = [];
  for (const slot of templateSlots(options.template, ctx)) {
    if (slot.kind === 'opaque') {
      policies.push(slot.policy);
      continue;
    }
    const liveEntry = live.get(slot.key);
    live.delete(slot.key);
    const permissions = liveEntry ? pick(slot.entry.permissions, liveEntry.permissions) : slot.entry.permissions;
    const unchanged = samePermissions(permissions, slot.original);
    // The template's own entry when the merge leaves its grants as they are (both are in normal form): most are.
    const entry = samePermissions(permissions, slot.entry.permissions) ? slot.entry : withPermissions(slot.entry, permissions);
    // Unchanged: the text as written. Changed: the template's text, which still names the principal as written.
    if (unchanged && slot.rawText !== undefined) policies.push({ kind: 'resolved', entry, rawText: slot.rawText });
    else if (slot.sourceText !== undefined) {
      const kept = slot.asWritten.filter((c) => slot.original[c] !== undefined && sameNames(slot.original[c]!, permissions[c]));
      policies.push({ kind: 'resolved', entry, sourceText: slot.sourceText, ...(kept.length > 0 ? { unchangedCategories: kept } : {}) });
    }
    else policies.push({ kind: 'resolved', entry });
  }
  for (const entry of live.values()) policies.push({ kind: 'resolved', entry });
  assertPolicyLimit(policies.length, ctx);
  return { policies };
}

/** Two normal-form name lists (spec order, de-duplicated) grant the same. */
function sameNames(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((n, i) => n === b[i]);
}

function lowerTrim(s: string): string {
  return s.trim().toLowerCase();
}

/** Template entries normalised, with duplicate identities folded into the first one. */
function templateSlots(template: readonly TemplatePolicy[], ctx: PolicyContext): Slot[] {
  const slots: Slot[] = [];
  const byKey = new Map<string, ResolvedSlot>();
  for (const policy of template) {
    if (policy.kind === 'opaque') {
      slots.push({ kind: 'opaque', policy });
      continue;
    }
    const entry = normalizeEntry(policy.entry, ctx);
    const key = identityKey(entry);
    const first = byKey.get(key);
    if (first) {
      first.entry = { ...first.entry, permissions: unionPermissions(first.entry.permissions, entry.permissions) };
      continue;
    }
    const asWritten = policy.rawText !== undefined ? PERMISSION_CATEGORIES : (policy.sourceText !== undefined ? policy.unchangedCategories : undefined) ?? [];
    const slot: ResolvedSlot = { kind: 'resolved', key, entry, rawText: policy.rawText, sourceText: policy.rawText ?? policy.sourceText, original: entry.permissions, asWritten };
    byKey.set(key, slot);
    slots.push(slot);
  }
  return slots;
}
