// Whether two policy lists deploy the same thing: the test that keeps injection idempotent.
import { categoriesOf, type TemplatePolicy } from '../policy/model.js';

/** Same entries in any order: resolved ones by identity and permissions, opaque ones by their exact text. */
export function samePolicies(a: readonly TemplatePolicy[], b: readonly TemplatePolicy[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(policyKey).sort();
  const right = b.map(policyKey).sort();
  return left.every((key, i) => key === right[i]);
}

function policyKey(policy: TemplatePolicy): string {
  if (policy.kind === 'opaque') return `o|${policy.rawText}`;
  const { tenantId, objectId, applicationId, permissions } = policy.entry;
  const perms = categoriesOf(permissions).map((c) => `${c.toLowerCase()}:${permissions[c]!.map((n) => n.toLowerCase()).sort().join(',')}`).sort();
  return ['r', tenantId.toLowerCase(), objectId.toLowerCase(), (applicationId ?? '').toLowerCase(), ...perms].join('|');
}
