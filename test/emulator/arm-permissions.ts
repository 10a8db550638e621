// What a principal may do at a scope, as ARM's Permissions API and its authorization check see it.
import type { PermissionGrant, Scenario } from './scenario.js';

/** Whether `scope` equals `ancestor` or lies beneath it (path segments, case-insensitive). */
export function isWithinScope(scope: string, ancestor: string): boolean {
  const a = normaliseScope(ancestor);
  const s = normaliseScope(scope);
  return a === '' || s === a || s.startsWith(`${a}/`);
}

export function normaliseScope(scope: string): string {
  return scope.replace(/\/+/g, '/').replace(/\/$/, '').toLowerCase();
}

export function grantsAt(scenario: Scenario, principalId: string, scope: string): PermissionGrant[] {
  return (scenario.permissions ?? []).filter(
    (g) => g.principalId.toLowerCase() === principalId.toLowerCase() && isWithinScope(scope, g.scope),
  );
}

function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return regex.test(action);
}

export function isAllowed(grants: PermissionGrant[], action: string): boolean {
  return grants.some((g) => g.actions.some((a) => matches(a, action)) && !(g.notActions ?? []).some((n) => matches(n, action)));
}

/** Microsoft.Authorization api-versions (yyyy-mm-dd[-preview]) from 2022-05-01-preview on: `Permission` has `condition`. */
export function carriesPermissionConditions(apiVersion: string): boolean {
  return apiVersion >= '2022-05-01-preview';
}
