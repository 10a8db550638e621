// resourceId, subscriptionResourceId, tenantResourceId and extensionResourceId: pure string building.
import { requireField } from './context-fields.js';
import { argString, eager, evaluationError, type FunctionTable, type Runtime } from './function-table.js';

export const RESOURCE_ID_FUNCTIONS: FunctionTable = {
  // resourceId([subscriptionId], [resourceGroupName], resourceType, name1, [name2], ...)
  resourceid: eager(2, Infinity, (args, env) => {
    const { before, path } = splitAtType('resourceId', strings('resourceId', args), 2);
    const context = env.scope.context;
    const subscription = before.length === 2 ? before[0]! : requireField(context, 'subscriptionId');
    const group = before.length >= 1 ? before[before.length - 1]! : requireField(context, 'resourceGroup');
    return `/subscriptions/${subscription}/resourceGroups/${group}/providers/${path}`;
  }),
  // subscriptionResourceId([subscriptionId], resourceType, name1, [name2], ...)
  subscriptionresourceid: eager(2, Infinity, (args, env) => {
    const { before, path } = splitAtType('subscriptionResourceId', strings('subscriptionResourceId', args), 1);
    const subscription = before[0] ?? requireField(env.scope.context, 'subscriptionId');
    return `/subscriptions/${subscription}/providers/${path}`;
  }),
  // tenantResourceId(resourceType, name1, [name2], ...)
  tenantresourceid: eager(2, Infinity, (args) => {
    const { path } = splitAtType('tenantResourceId', strings('tenantResourceId', args), 0);
    return `/providers/${path}`;
  }),
  // extensionResourceId(baseResourceId, resourceType, name1, [name2], ...)
  extensionresourceid: eager(3, Infinity, (args) => {
    const [base, ...rest] = strings('extensionResourceId', args);
    const { path } = splitAtType('extensionResourceId', rest, 0);
    return `${base!.replace(/\/$/, '')}/providers/${path}`;
  }),
};

function strings(fn: string, args: Runtime[]): string[] {
  return args.map((_, i) => argString(fn, args, i));
}

/**
 * The type is the first argument containing '/'. Returns the arguments before it (scope parts) and the
 * `Namespace/type1/name1/type2/name2` path; names may also be given pre-joined as 'parent/child'.
 */
function splitAtType(fn: string, args: string[], maxBefore: number): { before: string[]; path: string } {
  const typeIndex = args.findIndex((a) => a.includes('/'));
  if (typeIndex < 0) {
    throw evaluationError(`${fn}() needs a resource type such as 'Microsoft.KeyVault/vaults' among its arguments.`);
  }
  if (typeIndex > maxBefore) {
    throw evaluationError(`${fn}() takes at most ${maxBefore} argument(s) before the resource type, not ${typeIndex}.`);
  }
  // Real templates write 'Microsoft.Storage/storageAccounts/' too; ARM ignores the empty segment.
  const [namespace, ...types] = args[typeIndex]!.split('/').filter((segment) => segment !== '');
  const names = args.slice(typeIndex + 1).flatMap((n) => n.split('/'));
  if (types.length !== names.length || types.length === 0) {
    throw evaluationError(
      `${fn}(): resource type '${args[typeIndex]}' needs ${types.length} name segment(s) but got ${names.length}.`,
    );
  }
  const path = [namespace!, ...types.flatMap((type, i) => [type, names[i]!])].join('/');
  return { before: args.slice(0, typeIndex), path };
}
