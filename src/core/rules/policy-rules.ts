// Gates on the access policies a vault would hold after the deployment: broad rights, required principals.
import { GUIDANCE } from '../guidance/catalog.js';
import { formatCommands, setPolicyCommands } from '../guidance/grant-commands.js';
import { PERMISSION_CATEGORIES, type PermissionCategory, type Permissions, type TemplatePolicy } from '../policy/model.js';
import { specPosition, spellPermission } from '../policy/permissions.js';
import { formatPermissions } from '../report/format-permissions.js';
import { principalLabel } from '../report/principal-label.js';
import type { Finding, PlannedVault, PrincipalNames } from '../types.js';
import { ruleFinding } from './rule-finding.js';
import type { RulesConfig } from './rules-config.js';

function permissionsOf(policy: TemplatePolicy): Permissions {
  return policy.kind === 'resolved' ? policy.entry.permissions : (policy.permissions ?? {});
}

function nameOf(policy: TemplatePolicy, names?: PrincipalNames): string {
  return policy.kind === 'resolved' ? principalLabel(policy.entry, names) : `an entry whose identity is computed at deploy time (${policy.reason})`;
}

/**
 * Lower-cased names; per category whether one of them is a permission of it (what `all` there would grant), and the
 * spec positions they name there (as bits, bit 0 `all` left out).
 */
interface NameSet {
  names: ReadonlySet<string>;
  inCategory: Readonly<Record<PermissionCategory, boolean>>;
  positions: Readonly<Record<PermissionCategory, number>>;
}

function nameSet(names: readonly string[]): NameSet {
  const lower = [...new Set(names.map((n) => n.toLowerCase()))];
  const inCategory = Object.fromEntries(PERMISSION_CATEGORIES.map((c) => [c, lower.some((n) => spellPermission(c, n) !== undefined)]));
  const positionsIn = (c: PermissionCategory) => lower.reduce((bits, n) => {
    const at = specPosition(c, n);
    return at === undefined || at === 0 ? bits : bits | (1 << at);
  }, 0);
  const positions = Object.fromEntries(PERMISSION_CATEGORIES.map((c) => [c, positionsIn(c)]));
  return { names: new Set(lower), inCategory: inCategory as NameSet['inCategory'], positions: positions as NameSet['positions'] };
}

/** Permissions of `granted` whose names are in `set` (case-insensitive); `all` grants every name of its category. */
function pick(granted: Permissions, set: NameSet): Permissions {
  const hit: Permissions = {};
  for (const c of PERMISSION_CATEGORIES) {
    const list = granted[c];
    if (list === undefined || list.length === 0 || surelyNoneOf(c, list, set)) continue;
    const coversAll = list.some((n) => n.toLowerCase() === 'all');
    const found = coversAll ? (set.inCategory[c] ? ['all'] : []) : list.filter((n) => set.names.has(n.toLowerCase()));
    if (found.length > 0) hit[c] = found;
  }
  return hit;
}

/** True when every name is a spec name other than `all` and none is in `set`: this runs per principal of every vault. */
function surelyNoneOf(category: PermissionCategory, list: readonly string[], set: NameSet): boolean {
  const forbidden = set.positions[category];
  for (let i = 0; i < list.length; i++) {
    const at = specPosition(category, list[i]!);
    if (at === undefined || at === 0 || (forbidden & (1 << at)) !== 0) return false;
  }
  return true;
}

const RULE_SETS = new WeakMap<RulesConfig['least-privilege'], { forbid: NameSet; allow: ReadonlySet<string> }>();

export function checkLeastPrivilege(vault: PlannedVault, final: TemplatePolicy[], rule: RulesConfig['least-privilege'], names?: PrincipalNames): Finding[] {
  if (rule.level === 'off' || rule.forbid.length === 0) return [];
  // Per vault, from one rule: built once.
  let sets = RULE_SETS.get(rule);
  if (sets === undefined) RULE_SETS.set(rule, (sets = { forbid: nameSet(rule.forbid), allow: new Set(rule.allow.map((id) => id.toLowerCase())) }));
  const { forbid, allow } = sets;
  const findings: Finding[] = [];
  for (const policy of final) {
    if (policy.kind === 'resolved' && allow.has(policy.entry.objectId.toLowerCase())) continue;
    const broad = formatPermissions(pick(permissionsOf(policy), forbid), '');
    if (broad === '') continue;
    findings.push(
      ruleFinding('least-privilege', rule.level, vault, {
        title: 'Access policy grants forbidden permissions',
        message: `Vault ${vault.id} grants ${nameOf(policy, names)} ${broad} (forbidden: ${rule.forbid.join(', ')}).`,
        fix:
          'List only the operations the principal needs, or add its object id to least-privilege.allow. ' +
          `Access policies cover the whole vault; for per-secret, key or certificate access use Azure RBAC (${GUIDANCE['KVPG-PER-OBJECT-ACCESS'].helpUri}).`,
      }),
    );
  }
  return findings;
}

export function checkRequiredPrincipals(vault: PlannedVault, final: TemplatePolicy[], rule: RulesConfig['required-principals'], names?: PrincipalNames): Finding[] {
  if (rule.level === 'off') return [];
  const findings: Finding[] = [];
  for (const required of rule.principals) {
    const granted: Record<string, Set<string>> = {};
    for (const policy of final) {
      if (policy.kind !== 'resolved' || policy.entry.objectId.toLowerCase() !== required.objectId.toLowerCase()) continue;
      for (const c of PERMISSION_CATEGORIES) for (const n of policy.entry.permissions[c] ?? []) (granted[c] ??= new Set()).add(n.toLowerCase());
    }
    const missing: Permissions = {};
    for (const c of PERMISSION_CATEGORIES) {
      const has = granted[c] ?? new Set<string>();
      const lacking = (required.permissions[c] ?? []).filter((n) => !has.has('all') && !has.has(n.toLowerCase()));
      if (lacking.length > 0) missing[c] = lacking;
    }
    const text = formatPermissions(missing, '');
    if (text === '') continue;
    const commands = setPolicyCommands({ objectId: required.objectId }, vault.id, missing);
    findings.push(
      ruleFinding('required-principals', rule.level, vault, {
        title: 'Required principal would lack permissions',
        message: `After the deployment, required principal ${principalLabel(required, names)} would lack ${text} on vault ${vault.id}.`,
        fix: `Add an access policy for ${required.objectId} with ${text} to the template; on the live vault the same grant is:\n${formatCommands(commands)}`,
      }),
    );
  }
  return findings;
}
