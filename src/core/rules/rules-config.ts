// The gate settings (keyvault-policy-guard.yml `rules:`) with their documented defaults and each rule's help page.
import { HELP } from '../guidance/catalog.js';
import type { Permissions } from '../policy/model.js';
import type { Level } from '../types.js';

export type RuleLevel = Level | 'off';

export const RULE_IDS = [
  'no-removal',
  'least-privilege',
  'required-principals',
  'tenant-match',
  'rbac-recommended',
  'max-policies',
  'rbac-default',
  'api-version-retirement',
  'explicit-permission-model',
  'no-loss-after-deploy',
  'orphaned-principal',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RequiredPrincipal {
  objectId: string;
  /** Minimum permissions per category, spec spelling. */
  permissions: Permissions;
}

export interface RulesConfig {
  'no-removal': { level: RuleLevel };
  'least-privilege': { level: RuleLevel; forbid: string[]; allow: string[] };
  'required-principals': { level: RuleLevel; principals: RequiredPrincipal[] };
  'tenant-match': { level: RuleLevel };
  'rbac-recommended': { level: RuleLevel };
  'max-policies': { level: RuleLevel; max: number };
  'rbac-default': { level: RuleLevel };
  /** Its level until 2027-02-27; from then on a retired api-version is an error. */
  'api-version-retirement': { level: RuleLevel };
  'explicit-permission-model': { level: RuleLevel };
  'no-loss-after-deploy': { level: RuleLevel };
  'orphaned-principal': { level: RuleLevel };
}

/** The defaults the README documents (and SARIF's defaultConfiguration); a config file overrides them rule by rule. */
export function defaultRulesConfig(): RulesConfig {
  return {
    'no-removal': { level: 'error' },
    'least-privilege': { level: 'warning', forbid: ['all', 'purge'], allow: [] },
    'required-principals': { level: 'off', principals: [] },
    'tenant-match': { level: 'error' },
    'rbac-recommended': { level: 'notice' },
    'max-policies': { level: 'warning', max: 1000 },
    'rbac-default': { level: 'warning' },
    'api-version-retirement': { level: 'warning' },
    'explicit-permission-model': { level: 'notice' },
    'no-loss-after-deploy': { level: 'error' },
    'orphaned-principal': { level: 'notice' },
  };
}

export interface RuleMeta {
  title: string;
  helpUri: string;
}

/** Rule descriptions for SARIF rules and the README table (default levels: defaultRulesConfig). */
export const RULES: Record<RuleId, RuleMeta> = {
  'no-removal': {
    title: 'The deployment would remove principals or permissions the vault has now',
    helpUri: HELP.redeploy,
  },
  'least-privilege': {
    title: 'An access policy grants a forbidden broad permission (such as all or purge)',
    helpUri: HELP.perObject,
  },
  'required-principals': {
    title: 'A required principal would lack permissions after the deployment',
    helpUri: HELP.grantAccess,
  },
  'tenant-match': {
    title: "An access policy the template writes names another tenant than the vault's (a live entry inject only keeps: a notice)",
    helpUri: HELP.grantAccess,
  },
  'rbac-recommended': {
    title: 'The vault uses access policies; Azure RBAC is recommended',
    helpUri: HELP.rbacMigration,
  },
  'max-policies': {
    title: 'The vault would have more access policies than the configured maximum',
    helpUri: HELP.redeploy,
  },
  'rbac-default': {
    title: 'A vault created at api-version 2026-02-01 or later without enableRbacAuthorization gets Azure RBAC: its declared access policies are ignored',
    helpUri: HELP.accessControlDefault,
  },
  'api-version-retirement': {
    title: 'A Key Vault api-version older than 2026-02-01 (or a deprecated preview) stops working on 2027-02-27',
    helpUri: HELP.accessControlDefault,
  },
  'explicit-permission-model': {
    title: 'The vault leaves enableRbacAuthorization implicit, so its api-version and existence decide the permission model',
    helpUri: HELP.accessControlDefault,
  },
  'no-loss-after-deploy': {
    title: 'After the deploy a vault lacks access it had (or was granted before the deploy)',
    helpUri: HELP.redeploy,
  },
  'orphaned-principal': {
    title: 'An access policy grants an identity Microsoft Entra ID no longer has (deleted)',
    helpUri: 'https://learn.microsoft.com/cli/azure/keyvault#az-keyvault-delete-policy',
  },
};

export function isRuleId(code: string): code is RuleId {
  return (RULE_IDS as readonly string[]).includes(code);
}
