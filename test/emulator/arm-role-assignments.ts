// Role Assignments - List For Scope (Microsoft.Authorization 2022-04-01), in the shape of
// ../shared/rest-examples/authorization/2022-04-01/RoleAssignments_ListForScope.json. $filter as the REST spec documents it:
// none → at, above and below the scope; atScope() → at or above; principalId eq '{id}' → at, above or below for that principal.
import { createHash } from 'node:crypto';
import type { RoleAssignmentSpec } from './scenario.js';

export function roleAssignmentsAt(
  assignments: readonly RoleAssignmentSpec[],
  scope: string,
  filter: string | null,
  isWithinScope: (scope: string, ancestor: string) => boolean,
): { value: object[] } | { error: string } {
  const text = filter?.trim() ?? '';
  const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(text)?.[1];
  if (text && !/^atScope\(\)$/i.test(text) && !principal) return { error: `The filter '${text}' is not supported. Supported filters are atScope() and principalId eq '{id}'.` };
  const above = (a: RoleAssignmentSpec) => isWithinScope(scope, a.scope);
  const below = (a: RoleAssignmentSpec) => isWithinScope(a.scope, scope);
  const chosen = assignments.filter((a) =>
    /^atScope\(\)$/i.test(text) ? above(a) : principal ? a.principalId.toLowerCase() === principal.toLowerCase() && (above(a) || below(a)) : above(a) || below(a));
  return { value: chosen.map(body) };
}

function body(a: RoleAssignmentSpec): object {
  const name = a.name ?? guidOf(`${a.scope}|${a.principalId}|${a.roleDefinitionId}`);
  const scope = a.scope.replace(/\/+$/, '');
  return {
    properties: {
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${a.roleDefinitionId}`,
      principalId: a.principalId,
      principalType: a.principalType ?? 'ServicePrincipal',
      scope,
    },
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name,
  };
}

function guidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
