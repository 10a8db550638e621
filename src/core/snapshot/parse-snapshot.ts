// Reads a snapshot from our schemaVersion 1 file, `az keyvault show` output, an ARM GET vault body or an ARM list.
import { InputError, locatedOnFailure } from '../errors.js';
import { assertGuidIdentity, assertPolicyLimit, normalizeEntry, type RawPolicyEntry } from '../policy/permissions.js';
import type { SnapshotFile, SnapshotVault, SourceLocation } from '../types.js';
import type { AccessPolicyEntry } from '../policy/model.js';
import { parseJsonWithPositions, type JsonPath, type PositionedJson } from './json-with-positions.js';
import { parseVaultId, snapshotLookup } from './vault-id.js';
import { assertUtf8 } from '../template/jsonc-document.js';

export interface ParseSnapshotOptions {
  /** When the az/ARM output was captured; those shapes carry no time of their own. */
  takenAt?: string;
}

/** takenAt given to az/ARM input when the caller does not know when it was captured. */
export const UNKNOWN_TAKEN_AT = '1970-01-01T00:00:00.000Z';

const SHAPES =
  'Use a snapshot written by `keyvault-policy-guard --mode snapshot` ({"schemaVersion":1,...}), the output of ' +
  '`az keyvault show -o json` or `az rest --method get --url <vault id>?api-version=2026-02-01` ' +
  '(one vault object, an array of them, or {"value":[...]}).';
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const V1_VAULT_KEYS = new Set(['id', 'exists', 'tenantId', 'enableRbacAuthorization', 'accessPolicies', 'softDeleted']);
const V1_ENTRY_KEYS = new Set(['tenantId', 'objectId', 'applicationId', 'displayName', 'principalType', 'permissions']);
const PRINCIPAL_TYPES = new Set<string>(['user', 'group', 'servicePrincipal', 'managedIdentity', 'application', 'device', 'other']);

type Json = Record<string, unknown>;

export function parseSnapshotText(file: string, text: string, options: ParseSnapshotOptions = {}): SnapshotFile {
  // `az keyvault show > snapshot.json` in Windows PowerShell 5 writes UTF-16.
  assertUtf8(file, text);
  const json = parseJsonWithPositions(file, text, 'KVPG-SNAPSHOT-JSON', `Fix the JSON syntax at that position. ${SHAPES}`);
  const reader = new SnapshotReader(json);
  const root = json.value;
  let snapshot: SnapshotFile;
  if (isObject(root) && 'schemaVersion' in root) {
    snapshot = reader.schemaV1(root);
  } else {
    const takenAt = options.takenAt ?? UNKNOWN_TAKEN_AT;
    if (Array.isArray(root)) snapshot = { schemaVersion: 1, takenAt, vaults: root.map((b, i) => reader.vaultBody(b, [i])) };
    else if (isObject(root) && Array.isArray(root.value) && !('id' in root)) {
      snapshot = { schemaVersion: 1, takenAt, vaults: root.value.map((b, i) => reader.vaultBody(b, ['value', i], true)) };
    } else if (isObject(root) && 'id' in root) snapshot = { schemaVersion: 1, takenAt, vaults: [reader.vaultBody(root, [])] };
    else throw reader.fail([], 'it is neither a snapshot file nor a Key Vault as az or ARM print it', SHAPES);
  }
  reader.rejectDuplicates(snapshot);
  return snapshot;
}

/** One entry normalised and its ids checked as GUIDs. */
function checkedEntry(entry: Json, ctx: { vaultId: string; location?: SourceLocation }): AccessPolicyEntry {
  const normalized = normalizeEntry(entry as RawPolicyEntry, ctx);
  assertGuidIdentity(normalized, ctx);
  return normalized;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class SnapshotReader {
  private readonly vaultPaths: JsonPath[] = [];
  /** displayName / principalType of v1 entries: labels only, never part of an entry. */
  readonly principals: NonNullable<SnapshotFile['principals']> = {};
  constructor(private readonly json: PositionedJson) {}

  fail(path: JsonPath, problem: string, fix: string, atKey = false): InputError {
    const location = this.json.locate(path, atKey);
    return new InputError({ code: 'KVPG-SNAPSHOT-INVALID', message: `The snapshot is not usable: ${problem}.`, fix, location });
  }

  schemaV1(root: Json): SnapshotFile {
    if (root.schemaVersion !== 1) {
      throw this.fail(
        ['schemaVersion'],
        `schemaVersion ${JSON.stringify(root.schemaVersion)} is not supported`,
        'Write the snapshot again with this version of the tool (schemaVersion 1).',
      );
    }
    this.onlyKeys(root, [], new Set(['schemaVersion', 'takenAt', 'vaults', 'source', 'change']));
    const takenAt = root.takenAt;
    if (typeof takenAt !== 'string' || !ISO_DATE_TIME.test(takenAt) || Number.isNaN(Date.parse(takenAt))) {
      throw this.fail(['takenAt'], 'takenAt must be an ISO 8601 date-time', 'Use a value such as "2026-02-01T12:00:00.000Z".');
    }
    if (!Array.isArray(root.vaults)) throw this.fail(['vaults'], 'vaults must be an array', 'Give "vaults": [ ... ] (it may be empty).');
    const snapshot: SnapshotFile = { schemaVersion: 1, takenAt, vaults: root.vaults.map((v, i) => this.v1Vault(v, ['vaults', i])) };
    if (root.source !== undefined) {
      if (root.source !== 'live' && root.source !== 'resource-graph') throw this.fail(['source'], 'source must be "live" or "resource-graph"', 'Remove "source" or set one of those values.');
      snapshot.source = root.source;
    }
    if (isObject(root.change) && typeof root.change.timestamp === 'string') snapshot.change = root.change as unknown as NonNullable<SnapshotFile['change']>;
    if (Object.keys(this.principals).length > 0) snapshot.principals = this.principals;
    return snapshot;
  }

  private v1Vault(raw: unknown, path: JsonPath): SnapshotVault {
    if (!isObject(raw)) throw this.fail(path, 'each vault must be an object', 'Give {"id": ..., "exists": true, "accessPolicies": [...]}.');
    this.onlyKeys(raw, path, V1_VAULT_KEYS);
    const id = this.vaultId(raw.id, [...path, 'id']);
    if (typeof raw.exists !== 'boolean') {
      throw this.fail(
        [...path, 'exists'],
        `vault ${id}: exists must be true or false`,
        'Set "exists": true when the vault was found.',
      );
    }
    // A vault that does not exist yet has no policies: `{"id", "exists": false}` is enough.
    const policies = raw.exists === false && raw.accessPolicies === undefined ? [] : raw.accessPolicies;
    // Entries under "exists": false would be dropped unread, and the deployment would strip those principals.
    if (raw.exists === false && Array.isArray(policies) && policies.length > 0) {
      throw this.fail(
        [...path, 'accessPolicies'],
        `vault ${id} has "exists": false but lists ${policies.length} access polic${policies.length === 1 ? 'y' : 'ies'}; a vault that does not exist has none`,
        'Set "exists": true if the vault exists (its entries are then kept), or remove the entries if it does not.',
      );
    }
    const vault: SnapshotVault = { id, exists: raw.exists, accessPolicies: this.policies(policies, [...path, 'accessPolicies'], id, V1_ENTRY_KEYS) };
    this.optionalFields(vault, raw.tenantId, raw.enableRbacAuthorization, path, path);
    if (raw.softDeleted !== undefined) vault.softDeleted = this.softDeleted(raw.softDeleted, [...path, 'softDeleted']);
    this.vaultPaths.push(path);
    return vault;
  }

  private softDeleted(raw: unknown, path: JsonPath): NonNullable<SnapshotVault['softDeleted']> {
    const keys = ['deletionDate', 'scheduledPurgeDate', 'location'] as const;
    if (!isObject(raw)) throw this.fail(path, 'softDeleted must be an object', `Give an object with ${keys.join(', ')}.`);
    this.onlyKeys(raw, path, new Set(keys));
    const result: NonNullable<SnapshotVault['softDeleted']> = {};
    for (const key of keys) {
      const value = raw[key];
      if (value === undefined) continue;
      if (typeof value !== 'string') throw this.fail([...path, key], `softDeleted.${key} must be a string`, 'Use the value ARM returns.');
      result[key] = value;
    }
    return result;
  }

  /** A vault as `az keyvault show` or ARM GET prints it: camelCase, `null` for unset values; `listed`: from `{"value":[...]}`. */
  vaultBody(raw: unknown, path: JsonPath, listed = false): SnapshotVault {
    if (!isObject(raw)) throw this.fail(path, 'each vault must be an object', SHAPES);
    if (typeof raw.type === 'string' && raw.type.toLowerCase() !== 'microsoft.keyvault/vaults') {
      throw this.fail([...path, 'type'], `"${raw.type}" is not a Key Vault`, SHAPES);
    }
    const id = this.vaultId(raw.id, [...path, 'id']);
    const properties = raw.properties;
    if (!isObject(properties)) {
      throw this.fail(
        path,
        `vault ${id} has no properties, so its access policies are unknown (a resource listing leaves them out)`,
        'Capture each vault with `az keyvault show --ids <id> -o json` or an ARM GET of the vault.',
      );
    }
    const propsPath = [...path, 'properties'];
    const policiesPath = properties.accessPolicies !== undefined ? [...propsPath, 'accessPolicies'] : [...path, 'accessPolicies'];
    const policies = properties.accessPolicies ?? raw.accessPolicies;
    // ARM's list gives every vault its accessPolicies ([] when none), so one without them was trimmed: its live principals
    // are unknown, not none. A lone body may be a CreateOrUpdate response, which the spec's examples show without them.
    if (listed && (policies === undefined || policies === null)) {
      throw this.fail(
        path,
        `vault ${id} in the ARM list has no accessPolicies, so its access policies are unknown (ARM lists them for every vault, [] when it has none)`,
        `Capture it with \`az keyvault show --ids ${id} -o json\` or an ARM GET of the vault, which return its accessPolicies.`,
      );
    }
    const vault: SnapshotVault = { id, exists: true, accessPolicies: this.policies(policies ?? [], policiesPath, id) };
    const pick = (key: string) => (properties[key] ?? null) !== null ? [propsPath, properties[key]] as const : [path, raw[key]] as const;
    const [tenantPath, tenantId] = pick('tenantId');
    const [rbacPath, rbac] = pick('enableRbacAuthorization');
    this.optionalFields(vault, tenantId, rbac, tenantPath, rbacPath);
    this.vaultPaths.push(path);
    return vault;
  }

  private vaultId(raw: unknown, path: JsonPath): string {
    if (typeof raw !== 'string') {
      throw this.fail(
        path,
        'the vault has no "id" string',
        'Give the full resource id /subscriptions/.../providers/Microsoft.KeyVault/vaults/<name>.',
      );
    }
    return this.located(path, (location) => parseVaultId(raw, location)).id;
  }

  private optionalFields(vault: SnapshotVault, tenantId: unknown, rbac: unknown, tenantPath: JsonPath, rbacPath: JsonPath): void {
    if (tenantId !== undefined && tenantId !== null) {
      if (typeof tenantId !== 'string') {
        throw this.fail(
          [...tenantPath, 'tenantId'],
          `vault ${vault.id}: tenantId must be a string`,
          'Use the directory (tenant) GUID.',
        );
      }
      vault.tenantId = tenantId;
    }
    if (rbac !== undefined && rbac !== null) {
      if (typeof rbac !== 'boolean') {
        throw this.fail(
          [...rbacPath, 'enableRbacAuthorization'],
          `vault ${vault.id}: enableRbacAuthorization must be true or false`,
          'Use true or false.',
        );
      }
      vault.enableRbacAuthorization = rbac;
    }
  }

  private policies(raw: unknown, path: JsonPath, vaultId: string, allowedKeys?: Set<string>): AccessPolicyEntry[] {
    if (!Array.isArray(raw)) {
      throw this.fail(
        path,
        `vault ${vaultId}: accessPolicies must be an array`,
        'Give "accessPolicies": [ ... ] (empty when the vault has none).',
      );
    }
    this.located(path, (location) => assertPolicyLimit(raw.length, { vaultId, location }));
    // Runs per entry of every vault: the entry's path and position are built only for a failure.
    const entries = new Array<AccessPolicyEntry>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const entry: unknown = raw[i];
      if (!isObject(entry)) {
        throw this.fail(
          [...path, i],
          `vault ${vaultId}: each access policy must be an object`,
          'Give {"tenantId": ..., "objectId": ..., "permissions": {...}}.',
        );
      }
      if (allowedKeys) this.onlyKeys(entry, path, allowedKeys, i);
      const normalized = this.located(path, (location) => checkedEntry(entry, location ? { vaultId, location } : { vaultId }), i);
      if (allowedKeys) this.principalName(entry, normalized.objectId);
      entries[i] = normalized;
    }
    return entries;
  }

  /** `check`, located at `path` (its element `index`, when given) only when it fails: see locatedOnFailure. */
  private located<T>(path: JsonPath, check: (location?: SourceLocation) => T, index?: number): T {
    return locatedOnFailure(check, () => this.json.locate(index === undefined ? path : [...path, index]));
  }

  private principalName(entry: Json, objectId: string): void {
    const { displayName, principalType } = entry;
    const known: { displayName?: string; principalType?: NonNullable<SnapshotFile['principals']>[string]['principalType'] } = {};
    if (typeof displayName === 'string' && displayName !== '') known.displayName = displayName;
    if (typeof principalType === 'string' && PRINCIPAL_TYPES.has(principalType)) known.principalType = principalType as typeof known.principalType;
    if (known.displayName || known.principalType) this.principals[objectId.toLowerCase()] = known;
  }

  /** `index`: the element of the array at `path` that `raw` is (its path is built only for the error). */
  private onlyKeys(raw: Json, path: JsonPath, allowed: Set<string>, index?: number): void {
    for (const key in raw) {
      if (allowed.has(key) || !Object.hasOwn(raw, key)) continue;
      const at = index === undefined ? path : [...path, index];
      throw this.fail([...at, key], `"${key}" is not a snapshot field here`, `Remove it; allowed here: ${[...allowed].join(', ')}.`, true);
    }
  }

  rejectDuplicates(snapshot: SnapshotFile): void {
    const find = snapshotLookup(snapshot);
    snapshot.vaults.forEach((vault, i) => {
      if (find(vault.id) !== vault) throw this.fail(this.vaultPaths[i] ?? [], `vault ${vault.id} appears more than once`, 'Keep one entry per vault.');
    });
  }
}
