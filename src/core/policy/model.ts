// The access-policy model shared by every layer: what a vault grants, to whom.

export const PERMISSION_CATEGORIES = ['keys', 'secrets', 'certificates', 'storage'] as const;
export type PermissionCategory = (typeof PERMISSION_CATEGORIES)[number];

/**
 * Permission names per category, spelled as the 2026-02-01 REST spec spells them. A category the spec does not have,
 * read from Azure (which adds them over time), is kept under its name as read, after the spec's ones, its names as read:
 * dropping it would take that access away on the next deployment.
 */
export type Permissions = Partial<Record<PermissionCategory, string[]>> & { [unrecognizedCategory: string]: string[] | undefined };

const NO_CATEGORIES: readonly string[] = Object.freeze([]);

/** The categories of `p` the spec does not have, in the order read (the shared empty list in the usual case: no allocation). */
export function unrecognizedCategories(p: Permissions): readonly string[] {
  let found: string[] | undefined;
  for (const category in p) {
    if (category === 'keys' || category === 'secrets' || category === 'certificates' || category === 'storage') continue;
    if (Object.hasOwn(p, category) && p[category]?.length) (found ??= []).push(category);
  }
  return found ?? NO_CATEGORIES;
}

/** Every category `p` grants something in: the spec's in spec order, then the ones it does not have, in the order read. */
export function categoriesOf(p: Permissions): string[] {
  return [...PERMISSION_CATEGORIES.filter((c) => p[c]?.length), ...unrecognizedCategories(p)];
}

/** One access-policy entry whose identity is known (literal or evaluated). */
export interface AccessPolicyEntry {
  tenantId: string;
  objectId: string;
  applicationId?: string;
  permissions: Permissions;
}

/**
 * An entry as a template declares it. When tenantId/objectId are runtime expressions
 * (`[reference(...).principalId]`) the entry cannot be compared with live ones: it is
 * kept verbatim (`rawText`) and never de-duplicated by guess.
 */
/** What a `Microsoft.KeyVault/vaults/accessPolicies/{add|replace|remove}` child resource does (Vaults_UpdateAccessPolicy's operationKind). */
export type AccessPolicyOperation = 'add' | 'replace' | 'remove';

export type TemplatePolicy =
  | {
      kind: 'resolved';
      entry: AccessPolicyEntry;
      /** The entry's exact template text, while the entry is unchanged. */
      rawText?: string;
      /** The template text of an entry whose permissions the merge changed: written back with only `permissions` replaced. */
      sourceText?: string;
      /** Categories whose names the merge left as the template text grants them: their text (an expression too) is kept. */
      unchangedCategories?: PermissionCategory[];
    }
  | { kind: 'opaque'; rawText: string; reason: string; permissions?: Permissions };

/** Where a vault lives in Azure. Resource ids compare case-insensitively. */
export interface VaultRef {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}
