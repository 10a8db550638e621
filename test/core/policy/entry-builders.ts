// Small builders for access-policy test data.
import type { AccessPolicyEntry, Permissions, TemplatePolicy } from '../../../src/core/policy/model.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-test';

export function entry(objectId: string, permissions: Permissions, extra: Partial<AccessPolicyEntry> = {}): AccessPolicyEntry {
  return { tenantId: TENANT, objectId, permissions, ...extra };
}

export function resolved(e: AccessPolicyEntry, rawText?: string): TemplatePolicy {
  return rawText === undefined ? { kind: 'resolved', entry: e } : { kind: 'resolved', entry: e, rawText };
}

export function opaque(objectIdExpression: string, permissions?: Permissions): TemplatePolicy {
  const rawText = JSON.stringify({ tenantId: '[subscription().tenantId]', objectId: objectIdExpression, permissions });
  return permissions === undefined
    ? { kind: 'opaque', rawText, reason: 'objectId is a runtime expression' }
    : { kind: 'opaque', rawText, reason: 'objectId is a runtime expression', permissions };
}
