// Walks a vault's access-policy list back through ARM's property-level change history, newest change first.
import type { RawPolicyEntry } from '../policy/permissions.js';
import type { PropertyChange, VaultChangeRecord } from '../verify/model.js';

/** The list before and after one change, rebuilt from the list as it is now. */
export interface RewoundStep {
  change: VaultChangeRecord;
  before: RawPolicyEntry[];
  after: RawPolicyEntry[];
}

/** The history does not lead back from the live list exactly: nothing may be guessed. */
export class NotRebuildableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotRebuildableError';
  }
}

const PREFIX = 'properties.accessPolicies';

/**
 * Undoes each change (newest first) on the list as it is now; every step checks the change's newValue
 * against what is there, so a history that does not match the live vault fails instead of guessing.
 */
export function rewindHistory(current: readonly RawPolicyEntry[], changes: readonly VaultChangeRecord[]): RewoundStep[] {
  const ordered = [...changes].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  let leaves = flatten(current);
  const steps: RewoundStep[] = [];
  for (const change of ordered) {
    const after = unflatten(leaves, change);
    const next = new Map(leaves);
    for (const [path, property] of Object.entries(change.changes)) {
      if (path !== PREFIX && !path.startsWith(`${PREFIX}[`)) continue;
      undo(next, path, property, change);
    }
    leaves = next;
    steps.push({ change, before: unflatten(leaves, change), after });
  }
  return steps;
}

function undo(leaves: Map<string, string>, path: string, property: PropertyChange, change: VaultChangeRecord): void {
  const at = `the change of ${change.timestamp} (correlation id ${change.correlationId ?? 'unknown'}) to ${path}`;
  if (property.isTruncated === true || String(property.isTruncated) === 'true') {
    throw new NotRebuildableError(`Resource Graph truncated ${at}, so the earlier value is not known.`);
  }
  const kind = property.propertyChangeType ?? 'Update';
  const subtree = (value: string | undefined) => flattenValue(path, value);
  // What the change left must be what is there now (a later change undone already), else the history has gaps.
  const left = kind === 'Remove' ? new Map<string, string>() : subtree(property.newValue);
  const present = new Map([...leaves].filter(([p]) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)));
  if (!sameLeaves(left, present)) {
    throw new NotRebuildableError(`${at} does not match the vault as the later history leaves it (expected ${describe(left)}, found ${describe(present)}).`);
  }
  for (const p of present.keys()) leaves.delete(p);
  if (kind !== 'Insert') for (const [p, v] of subtree(property.previousValue)) leaves.set(p, v);
}

function sameLeaves(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k)?.toLowerCase() === v.toLowerCase());
}

function describe(leaves: Map<string, string>): string {
  return leaves.size === 0 ? 'nothing' : [...leaves.values()].slice(0, 3).map((v) => JSON.stringify(v)).join(', ') + (leaves.size > 3 ? ', ...' : '');
}

/** A change value: a JSON object or array (a whole subtree) or a scalar string. */
function flattenValue(path: string, value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined || value === 'null') return out;
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      walk(JSON.parse(trimmed), path, out);
      return out;
    } catch {
      // Not JSON after all: a scalar that starts with a bracket.
    }
  }
  out.set(path, value);
  return out;
}

function flatten(entries: readonly RawPolicyEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  walk(entries, PREFIX, out);
  return out;
}

function walk(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, out);
  else if (value !== null && value !== undefined) out.set(path, String(value));
}

type Segment = string | number;

function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of path.slice(PREFIX.length).matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) segments.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return segments;
}

/** Leaves back to entries; an index gap means the history skipped a change. */
function unflatten(leaves: Map<string, string>, change: VaultChangeRecord): RawPolicyEntry[] {
  const root: unknown[] = [];
  for (const [path, value] of leaves) {
    const segments = parsePath(path);
    let node: Record<string | number, unknown> = root as unknown as Record<number, unknown>;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
        return;
      }
      node[segment] ??= typeof segments[i + 1] === 'number' ? [] : {};
      node = node[segment] as Record<string | number, unknown>;
    });
  }
  assertDense(root, PREFIX, change);
  return root as RawPolicyEntry[];
}

function assertDense(value: unknown, path: string, change: VaultChangeRecord): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new NotRebuildableError(`Around the change of ${change.timestamp}, ${path}[${i}] is missing while later items exist: the history has a gap.`);
      assertDense(value[i], `${path}[${i}]`, change);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertDense(v, `${path}.${k}`, change);
  }
}
