// Permission names of the 2026-02-01 Key Vault REST spec, and normalisation of entries to that spelling.
import { InputError } from '../errors.js';
import type { SourceLocation } from '../types.js';
import { PERMISSION_CATEGORIES, unrecognizedCategories, type AccessPolicyEntry, type PermissionCategory, type Permissions } from './model.js';

/** Valid names per category, in the order and spelling of the REST spec (the order output lists follow). */
export const PERMISSION_NAMES: Readonly<Record<PermissionCategory, readonly string[]>> = {
  keys: [
    'all', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'sign', 'verify', 'get', 'list', 'create', 'update',
    'import', 'delete', 'backup', 'restore', 'recover', 'purge', 'release', 'rotate', 'getrotationpolicy',
    'setrotationpolicy',
  ],
  secrets: ['all', 'get', 'list', 'set', 'delete', 'backup', 'restore', 'recover', 'purge'],
  certificates: [
    'all', 'get', 'list', 'delete', 'create', 'import', 'update', 'managecontacts', 'getissuers', 'listissuers',
    'setissuers', 'deleteissuers', 'manageissuers', 'recover', 'purge', 'backup', 'restore',
  ],
  storage: [
    'all', 'get', 'list', 'delete', 'set', 'update', 'regeneratekey', 'recover', 'purge', 'backup', 'restore',
    'setsas', 'listsas', 'getsas', 'deletesas',
  ],
};

/** Name → [spec spelling, spec position], per category: keyed lower-cased and as the spec spells it (names mostly arrive so). */
const LOOKUP = Object.fromEntries(
  PERMISSION_CATEGORIES.map((c) => [c, new Map(PERMISSION_NAMES[c].flatMap((n, i) => [[n.toLowerCase(), [n, i] as const], [n, [n, i] as const]]))]),
) as Record<PermissionCategory, Map<string, readonly [string, number]>>;

/** The spec position of a permission name in any case (its bit in the permission-set masks), or undefined. */
export function specPosition(category: PermissionCategory, name: string): number | undefined {
  return (LOOKUP[category].get(name) ?? LOOKUP[category].get(name.toLowerCase()))?.[1];
}

/** The spec spelling of a permission name in any case, or undefined when the category has no such permission. */
export function spellPermission(category: PermissionCategory, name: string): string | undefined {
  return LOOKUP[category].get(name.toLowerCase())?.[0];
}

/** Category names lower-cased, and as the model spells them (the usual case: no lower-cased copy needed). */
const CATEGORY_LOOKUP = new Map<string, PermissionCategory>(PERMISSION_CATEGORIES.flatMap((c) => [[c.toLowerCase(), c], [c, c]] as const));

/** Where a permission list came from, so an error names the vault, the principal and the file position. */
export interface PolicyContext {
  vaultId: string;
  /** The principal's objectId. */
  principal?: string;
  location?: Partial<SourceLocation> & { file: string };
  /**
   * The user wrote these names (template, config): one this version does not know is an error. Names read from Azure
   * or a snapshot are not: Azure adds permissions over time, so they are carried through as read.
   */
  userWritten?: boolean;
}

/** Permissions as they arrive from JSON: any category casing, `null` where az prints one. */
export type RawPermissions = Readonly<Record<string, readonly unknown[] | null | undefined>>;

/**
 * Spec spelling, de-duplicated, in spec order; empty and null categories are dropped; `all` covers its category, so
 * a list holding it is `["all"]`. A name the spec does not know is kept as written after the known ones (compared
 * case-insensitively), unless the user wrote it (ctx.userWritten): then KVPG-PERMISSION-UNKNOWN. So is a category the
 * spec does not have: kept under its first spelling after the spec's categories, its names de-duplicated in the order
 * read and opaque (`all` there is just a name), unless the user wrote it.
 */
export function normalizePermissions(perms: RawPermissions | Permissions, ctx: PolicyContext, principal = ctx.principal): Permissions {
  // Spec positions as bits (every category has fewer than 31 names): de-duplicated and ordered without sorting.
  // This runs for every entry of every template and snapshot: one scratch array, and the unknown names only if any.
  const found = FOUND.fill(0);
  let unknown: (Map<string, string> | undefined)[] | undefined;
  let otherCategories: Map<string, { category: string; names: Map<string, string> }> | undefined;
  for (const rawCategory in perms) {
    const names = (perms as RawPermissions)[rawCategory];
    if (names === null || names === undefined || !Object.hasOwn(perms, rawCategory)) continue;
    const category = CATEGORY_LOOKUP.get(rawCategory) ?? CATEGORY_LOOKUP.get(rawCategory.toLowerCase());
    if (category === undefined) {
      // A word like the spec's (`keys`, `certificates`): anything else (blanks, `toString`, `__proto__`) is no category
      // Azure sends, and would be read back from Object.prototype.
      if (ctx.userWritten || !CATEGORY_NAME.test(rawCategory) || rawCategory in Object.prototype) {
        throw unknownPermission(ctx, principal, `permission category "${rawCategory}"`, PERMISSION_CATEGORIES);
      }
      if (!Array.isArray(names)) throw unknownPermission(ctx, principal, `${rawCategory} value (not a list)`, []);
      otherCategories ??= new Map();
      const key = rawCategory.toLowerCase();
      const other = otherCategories.get(key) ?? { category: rawCategory, names: new Map<string, string>() };
      otherCategories.set(key, other);
      for (const name of names) {
        if (typeof name !== 'string' || name.trim() === '') throw unknownPermission(ctx, principal, `${rawCategory} permission ${JSON.stringify(name)}`, []);
        if (!other.names.has(name.toLowerCase())) other.names.set(name.toLowerCase(), name);
      }
      continue;
    }
    if (!Array.isArray(names)) throw unknownPermission(ctx, principal, `${category} value (not a list)`, PERMISSION_NAMES[category]);
    const position = CATEGORY_POSITION[category];
    const lookup = LOOKUP[category];
    for (const name of names) {
      // Names mostly arrive lower-case already: look them up as written before lower-casing a copy.
      const hit = typeof name === 'string' ? lookup.get(name) ?? lookup.get(name.toLowerCase()) : undefined;
      if (hit !== undefined) {
        found[position]! |= 1 << hit[1];
        continue;
      }
      if (typeof name !== 'string' || name.trim() === '' || ctx.userWritten) {
        throw unknownPermission(ctx, principal, `${category} permission ${JSON.stringify(name)}`, PERMISSION_NAMES[category]);
      }
      unknown ??= new Array(PERMISSION_CATEGORIES.length).fill(undefined);
      const seen = (unknown[position] ??= new Map());
      if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
    }
  }
  const result: Permissions = {};
  for (let position = 0; position < PERMISSION_CATEGORIES.length; position++) {
    const category = PERMISSION_CATEGORIES[position]!;
    // Bit 0 is `all`: it covers every other name of the category, known or not.
    if ((found[position]! & 1) === 1) result[category] = ['all'];
    else if (unknown?.[position] !== undefined) result[category] = [...specNames(category, found[position]!), ...unknown[position]!.values()];
    else if (found[position] !== 0) result[category] = specNames(category, found[position]!);
  }
  if (otherCategories !== undefined) for (const { category, names } of otherCategories.values()) if (names.size > 0) result[category] = [...names.values()];
  return result;
}

/** What a permission category Azure added could be called: a word, as the spec's four are. */
const CATEGORY_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/** normalizePermissions' bits per category (it never calls itself, so one array serves every call). */
const FOUND: number[] = new Array<number>(PERMISSION_CATEGORIES.length).fill(0);
const CATEGORY_POSITION = Object.fromEntries(PERMISSION_CATEGORIES.map((c, i) => [c, i])) as Record<PermissionCategory, number>;

/** Names of `permissions` this version's spec does not know (read from Azure or a snapshot), as `category/name`. */
export function unrecognizedPermissions(permissions: Permissions): string[] {
  // Asked of every live entry: a spelling lookup per name first, lists only when a name is not the spec's.
  if (allSpelledAsSpec(permissions)) return [];
  return [
    ...PERMISSION_CATEGORIES.flatMap((c) => (permissions[c] ?? []).filter((n) => !LOOKUP[c].has(n.toLowerCase())).map((n) => `${c}/${n}`)),
    ...unrecognizedCategories(permissions).flatMap((c) => permissions[c]!.map((n) => `${c}/${n}`)),
  ];
}

/** Whether every name is spelled as the spec spells it (then none is unrecognized), without a lower-cased copy. */
function allSpelledAsSpec(permissions: Permissions): boolean {
  for (let c = 0; c < PERMISSION_CATEGORIES.length; c++) {
    const category = PERMISSION_CATEGORIES[c]!;
    const names = permissions[category];
    if (names === undefined) continue;
    for (let i = 0; i < names.length; i++) if (!LOOKUP[category].has(names[i]!)) return false;
  }
  return unrecognizedCategories(permissions).length === 0;
}

/** The spec names whose positions are set in `bits`, in spec order (visits set bits only: this runs per policy). */
export function specNames(category: PermissionCategory, bits: number): string[] {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  // Sized up front: every template policy keeps these lists, and an array grown by push reserves room for 16 more.
  const names = new Array<string>(count);
  let at = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) names[at++] = PERMISSION_NAMES[category][31 - Math.clz32(rest & -rest)]!;
  return names;
}

function unknownPermission(ctx: PolicyContext, principal: string | undefined, what: string, valid: readonly string[]): InputError {
  const who = principal === undefined ? '' : ` for principal ${principal}`;
  return new InputError({
    code: 'KVPG-PERMISSION-UNKNOWN',
    message: `Vault ${ctx.vaultId}: the access policy${who} has an unknown ${what}.`,
    fix: valid.length > 0 ? `Use one of: ${valid.join(', ')} (case does not matter).` : 'Give the category a list of permission names, as Azure returns it.',
    location: ctx.location,
  });
}

/** An entry as JSON gives it: ids may be missing or null (az prints `"applicationId": null`). */
export interface RawPolicyEntry {
  tenantId?: unknown;
  objectId?: unknown;
  applicationId?: unknown;
  permissions?: unknown;
}

/**
 * Entries this module built: normalising one again gives the same entry, so it is returned as is (merge and both
 * diffs see each entry again, per principal per vault). A name checked leniently is checked again for user text.
 */
const NORMALISED = new WeakMap<object, boolean>();

/** Validates one entry and normalises its permissions; ids keep their spelling (ARM `remove` is case-sensitive). */
export function normalizeEntry(raw: RawPolicyEntry, ctx: PolicyContext): AccessPolicyEntry {
  const strict = NORMALISED.get(raw);
  if (strict === true || (strict === false && !ctx.userWritten)) return raw as AccessPolicyEntry;
  return normalizedEntry(normalizeNew(raw, ctx), ctx.userWritten);
}

/**
 * Records an entry built from parts already in normal form (ids non-empty strings, an applicationId only when not
 * blank, permissions as normalizePermissions or the permission-set algebra returns them), so normalising it is free.
 */
export function normalizedEntry(entry: AccessPolicyEntry, userWritten = false): AccessPolicyEntry {
  NORMALISED.set(entry, userWritten);
  return entry;
}

function normalizeNew(raw: RawPolicyEntry, ctx: PolicyContext): AccessPolicyEntry {
  const objectId = requireId(raw.objectId, 'objectId', ctx);
  const tenantId = requireId(raw.tenantId, 'tenantId', ctx, objectId);
  const app = raw.applicationId;
  if (app !== undefined && app !== null && typeof app !== 'string') {
    throw badEntry(ctx, objectId, 'applicationId must be a string or absent');
  }
  const permissions = raw.permissions ?? {};
  if (typeof permissions !== 'object' || Array.isArray(permissions)) {
    throw badEntry(ctx, objectId, 'permissions must be an object such as {"secrets": ["get", "list"]}');
  }
  const entry: AccessPolicyEntry = { tenantId, objectId, permissions: normalizePermissions(permissions as RawPermissions, ctx, objectId) };
  if (typeof app === 'string' && app.trim() !== '') entry.applicationId = app;
  return entry;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * ARM accepts only GUIDs for tenantId, objectId and applicationId; checked at the edges (template, snapshot) so a
 * typo fails here, at its line, rather than in the deployment or as a phantom principal.
 */
export function assertGuidIdentity(ids: Partial<Pick<AccessPolicyEntry, 'tenantId' | 'objectId' | 'applicationId'>>, ctx: PolicyContext): void {
  for (const field of ['tenantId', 'objectId', 'applicationId'] as const) {
    const value = ids[field];
    if (value === undefined || GUID.test(value)) continue;
    throw new InputError({
      code: 'KVPG-POLICY-ID',
      message: `Vault ${ctx.vaultId}: an access policy's ${field} is "${value}", which is not a GUID.`,
      fix: `Use the principal's ${field === 'tenantId' ? 'tenant id' : field === 'objectId' ? 'object id (az ad sp show --id <appId> --query id)' : 'application (client) id'}, a GUID such as 00000000-0000-0000-0000-000000000000.`,
      location: ctx.location,
    });
  }
}

function requireId(value: unknown, field: string, ctx: PolicyContext, principal = ctx.principal): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw badEntry(ctx, principal, `${field} is missing or not a non-empty string`);
}

function badEntry(ctx: PolicyContext, principal: string | undefined, problem: string): InputError {
  const who = principal === undefined ? '' : ` for principal ${principal}`;
  return new InputError({
    code: 'KVPG-POLICY-ENTRY',
    message: `Vault ${ctx.vaultId}: an access policy${who} is malformed: ${problem}.`,
    fix: 'Give each entry tenantId, objectId (GUIDs), optional applicationId, and permissions per category.',
    location: ctx.location,
  });
}

/** Most access policies one vault accepts. */
export const MAX_POLICIES_PER_VAULT = 1024;

/** Throws KVPG-POLICY-LIMIT when a vault would hold more entries than Key Vault accepts. */
export function assertPolicyLimit(count: number, ctx: PolicyContext): void {
  if (count <= MAX_POLICIES_PER_VAULT) return;
  throw new InputError({
    code: 'KVPG-POLICY-LIMIT',
    message: `Vault ${ctx.vaultId} would have ${count} access policies; Key Vault accepts at most ${MAX_POLICIES_PER_VAULT}.`,
    fix: 'Remove unused principals (or list them in exclude-principals), or move the vault to Azure RBAC.',
    location: ctx.location,
  });
}

/** Normalises every entry of one vault and enforces the per-vault limit. */
export function normalizeEntries(raw: readonly RawPolicyEntry[], ctx: PolicyContext): AccessPolicyEntry[] {
  assertPolicyLimit(raw.length, ctx);
  return raw.map((entry) => normalizeEntry(entry, ctx));
}

/** Identity of a principal: tenant, object and application id, compared case-insensitively. */
export function identityKey(entry: Pick<AccessPolicyEntry, 'tenantId' | 'objectId' | 'applicationId'>): string {
  // Asked several times of every principal of every vault (merge, both diffs, gates). Remembered by the very id
  // strings, so each principal's key is built once and is one string whose hash every identity map reuses.
  const known = KEYS.get(entry.objectId);
  if (known !== undefined) {
    for (const k of known) if (k.tenantId === entry.tenantId && k.applicationId === entry.applicationId) return k.key;
  }
  const app = entry.applicationId?.trim() ? entry.applicationId.toLowerCase() : '';
  const key = `${entry.tenantId.toLowerCase()}|${entry.objectId.toLowerCase()}|${app}`;
  if (KEYS.size >= MAX_KEYS) KEYS.clear();
  const record = { tenantId: entry.tenantId, applicationId: entry.applicationId, key };
  if (known !== undefined) known.push(record);
  else KEYS.set(entry.objectId, [record]);
  return key;
}

/** identityKey's memory, by objectId as written: a few principals per id (tenants, applications), bounded. */
const KEYS = new Map<string, { tenantId: string; applicationId: string | undefined; key: string }[]>();
const MAX_KEYS = 100_000;

/** A normalised `entry` with other permissions (as the permission-set algebra returns them). */
export function withPermissions(entry: AccessPolicyEntry, permissions: Permissions): AccessPolicyEntry {
  return normalizedEntry({ ...entry, permissions });
}
