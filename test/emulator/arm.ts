// Azure Resource Manager: subscriptions, Key Vault vaults and deleted vaults, the Permissions API,
// with ARM's authentication errors, authorization check, read throttle and injected faults.
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ARM_READ_THROTTLE, ARM_WRITE_THROTTLE, AZURE_CLOUD_ARM_AUDIENCE, type SubscriptionSpec, type VaultSpec } from './scenario.js';
import { sendJson, type EmulatorRequest, type EmulatorState, type Handler } from './server.js';
import { verifyEmulatorToken } from './tokens.js';
import { decodeJwt } from './jwt.js';
import { ThrottleRegistry } from './arm-throttle.js';
import { carriesPermissionConditions, grantsAt, isAllowed, isWithinScope } from './arm-permissions.js';
import { roleAssignmentsAt } from './arm-role-assignments.js';
import { roleDefinitionsAnswer } from './arm-role-definitions.js';
import { applyFault, sleep } from './arm-faults.js';
import { deletedVaultBody, vaultBody, vaultListPage } from './arm-bodies.js';
import { putVault, updateAccessPolicy } from './arm-vault-writes.js';

export const KEYVAULT_API_VERSIONS = [
  '2015-06-01', '2016-10-01', '2018-02-14', '2019-09-01', '2021-10-01', '2022-07-01', '2022-11-01',
  '2023-02-01', '2023-07-01', '2024-11-01', '2025-05-01', '2026-02-01',
];

interface Caller {
  tenantId: string;
  objectId: string;
  appId: string;
}

const armError = (code: string, message: string) => ({ error: { code, message } });

export function createArmHandler(state: EmulatorState): Handler {
  const throttles = new ThrottleRegistry();
  const writeThrottles = new ThrottleRegistry();
  return async (req, res, url) => {
    const path = url.pathname.replace(/\/+/g, '/');
    if (!/^\/subscriptions(\/|$)/i.test(path)) return false;
    const headers: Record<string, string> = { 'x-ms-request-id': randomUUID(), 'x-ms-correlation-request-id': randomUUID() };
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => sendJson(res, status, body, { ...headers, ...extra });

    await sleep(state.scenario.latencyMs ?? 0);
    const caller = authenticate(state, req, res, headers);
    if (!caller) return true;

    const segments = path.split('/').filter(Boolean);
    const subscriptionId = segments[1] ?? '';
    // ARM's buckets per subscription and principal: reads 250 (25/s back), writes 200 (10/s back), each with its remaining-header.
    const kind = req.method === 'GET' ? 'read' : 'write';
    const bucket = (kind === 'read' ? throttles : writeThrottles)
      .bucket((kind === 'read' ? state.scenario.throttle : state.scenario.writeThrottle) ?? (kind === 'read' ? ARM_READ_THROTTLE : ARM_WRITE_THROTTLE), subscriptionId || caller.tenantId, caller.objectId);
    const wait = bucket.take();
    headers[`x-ms-ratelimit-remaining-subscription-${kind}s`] = String(bucket.remaining());
    if (wait !== undefined) {
      return send(429, armError('SubscriptionRequestsThrottled',
        `Number of '${kind}' requests for subscription '${subscriptionId}' actor '${caller.objectId}' exceeded. Please try again after '${wait}' seconds after the last request. See https://aka.ms/throttling for more details.`),
        { 'retry-after': String(wait) });
    }
    if (await applyFault(state, path, res, headers)) return true;

    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) return send(400, armError('MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."));

    if (segments.length === 1) {
      const value = state.scenario.subscriptions.filter((s) => s.tenantId === caller.tenantId).map(subscriptionBody);
      return send(200, { value, count: { type: 'Total', value: value.length } });
    }
    const subscription = state.scenario.subscriptions.find((s) => s.id.toLowerCase() === subscriptionId.toLowerCase());
    if (!subscription) return send(404, armError('SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`));
    if (subscription.tenantId !== caller.tenantId) {
      return send(401, armError('InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer 'https://sts.windows.net/${caller.tenantId}/'. It must match the tenant 'https://sts.windows.net/${subscription.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${subscription.tenantId}' to get the token.`));
    }
    if (segments.length === 2) return send(200, subscriptionBody(subscription));

    const lower = segments.map((s) => s.toLowerCase());
    const permissionsAt = lower.length >= 4 && lower.at(-3) === 'providers' && lower.at(-2) === 'microsoft.authorization' && lower.at(-1) === 'permissions';
    if (permissionsAt) {
      const scope = '/' + segments.slice(0, -3).join('/');
      // Permissions - List For Resource / For Resource Group: `Permission` entries (actions, notActions, dataActions,
      // notDataActions; GetResourcePermissions.json). Only from 2022-05-01-preview on does `Permission` carry the
      // read-only `condition` and `conditionVersion` (azure-rest-api-specs authorization; bicep-types-az
      // microsoft.authorization/2022-05-01-preview vs 2022-04-01 types.md): an older api-version leaves them out.
      const withConditions = carriesPermissionConditions(apiVersion);
      const value = grantsAt(state.scenario, caller.objectId, scope).map((g) => ({
        actions: g.actions,
        notActions: g.notActions ?? [],
        dataActions: [],
        notDataActions: [],
        ...(g.condition && withConditions ? { condition: g.condition, conditionVersion: '2.0' } : {}),
      }));
      return send(200, { value });
    }

    // Role Definitions - Get / List at a scope (the built-in Key Vault roles; see arm-role-definitions.ts).
    const definitionsAt = lower.findIndex((s, i) => s === 'roledefinitions' && lower[i - 1] === 'microsoft.authorization' && lower[i - 2] === 'providers');
    if (definitionsAt >= 2 && definitionsAt >= lower.length - 2 && req.method === 'GET') {
      const scope = '/' + segments.slice(0, definitionsAt - 2).join('/');
      const answer = roleDefinitionsAnswer(scope, segments[definitionsAt + 1], url.searchParams.get('$filter'), carriesPermissionConditions(apiVersion));
      return send(answer.status, answer.body);
    }

    const roleAssignmentsList = lower.length >= 4 && lower.at(-3) === 'providers' && lower.at(-2) === 'microsoft.authorization' && lower.at(-1) === 'roleassignments' && req.method === 'GET';
    if (roleAssignmentsList) {
      const scope = '/' + segments.slice(0, -3).join('/');
      if (!isAllowed(grantsAt(state.scenario, caller.objectId, scope), 'Microsoft.Authorization/roleAssignments/read')) {
        return send(403, armError('AuthorizationFailed', `The client '${caller.appId}' with object id '${caller.objectId}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`));
      }
      const listed = roleAssignmentsAt(state.scenario.roleAssignments ?? [], scope, url.searchParams.get('$filter'), isWithinScope);
      if ('error' in listed) return send(400, armError('InvalidFilter', listed.error));
      return send(200, { value: listed.value });
    }

    const forbid = (action: string, scope: string) =>
      send(403, armError('AuthorizationFailed',
        `The client '${caller.appId}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`));

    // /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}
    if (lower.length === 8 && lower[2] === 'resourcegroups' && lower[4] === 'providers' && lower[5] === 'microsoft.keyvault' && lower[6] === 'vaults' && req.method === 'GET') {
      if (!KEYVAULT_API_VERSIONS.includes(apiVersion)) return send(400, noApiVersion(apiVersion, 'vaults'));
      const scope = '/' + segments.join('/');
      if (!isAllowed(grantsAt(state.scenario, caller.objectId, scope), 'Microsoft.KeyVault/vaults/read')) return forbid('Microsoft.KeyVault/vaults/read', scope);
      const vault = findVault(subscription, (v) => !v.deleted && v.resourceGroup.toLowerCase() === lower[3] && v.name.toLowerCase() === lower[7]);
      if (!vault) {
        return send(404, armError('ResourceNotFound',
          `The Resource 'Microsoft.KeyVault/vaults/${segments[7]}' under resource group '${segments[3]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`));
      }
      return send(200, vaultBody(subscription.id, vault, apiVersion));
    }

    const isVaultPath = lower.length >= 8 && lower[2] === 'resourcegroups' && lower[4] === 'providers' && lower[5] === 'microsoft.keyvault' && lower[6] === 'vaults';
    if (isVaultPath && req.method === 'PUT' && (lower.length === 8 || (lower.length === 10 && lower[8] === 'accesspolicies'))) {
      if (!KEYVAULT_API_VERSIONS.includes(apiVersion)) return send(400, noApiVersion(apiVersion, 'vaults'));
      const scope = '/' + segments.slice(0, 8).join('/');
      const action = lower.length === 8 ? 'Microsoft.KeyVault/vaults/write' : 'Microsoft.KeyVault/vaults/accessPolicies/write';
      if (!isAllowed(grantsAt(state.scenario, caller.objectId, scope), action)) return forbid(action, scope);
      const correlationId = typeof req.headers['x-ms-correlation-request-id'] === 'string' ? req.headers['x-ms-correlation-request-id'] : headers['x-ms-correlation-request-id']!;
      const write = { scenario: state.scenario, subscription, segments, apiVersion, req, caller, correlationId, send };
      if (lower.length === 8) return putVault(write);
      const vault = findVault(subscription, (v) => !v.deleted && v.resourceGroup.toLowerCase() === lower[3] && v.name.toLowerCase() === lower[7]);
      if (!vault) return send(404, armError('ResourceNotFound', `The Resource 'Microsoft.KeyVault/vaults/${segments[7]}' under resource group '${segments[3]}' was not found.`));
      if (!['add', 'replace', 'remove'].includes(lower[9]!)) return send(400, armError('BadRequest', `Unknown access policy operation '${segments[9]}'; use add, replace or remove.`));
      return updateAccessPolicy(write, vault, lower[9]!);
    }
    // Vaults_ListByResourceGroup: /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults[?$top=n]
    if (lower.length === 7 && lower[2] === 'resourcegroups' && lower[4] === 'providers' && lower[5] === 'microsoft.keyvault' && lower[6] === 'vaults' && req.method === 'GET') {
      if (!KEYVAULT_API_VERSIONS.includes(apiVersion)) return send(400, noApiVersion(apiVersion, 'vaults'));
      const scope = '/' + segments.slice(0, 4).join('/');
      // Listing needs read at the resource group (or above): a grant on single vaults only is not enough.
      if (!isAllowed(grantsAt(state.scenario, caller.objectId, scope), 'Microsoft.KeyVault/vaults/read')) return forbid('Microsoft.KeyVault/vaults/read', scope);
      const inGroup = subscription.vaults.filter((v) => !v.deleted && v.resourceGroup.toLowerCase() === lower[3]);
      return send(200, vaultListPage(state, subscription.id, '/' + segments.join('/'), apiVersion, inGroup, url.searchParams));
    }

    // /subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults and .../locations/{loc}/deletedVaults/{name}
    if (lower[2] === 'providers' && lower[3] === 'microsoft.keyvault' && req.method === 'GET') {
      const scope = `/subscriptions/${subscription.id}`;
      if (!isAllowed(grantsAt(state.scenario, caller.objectId, scope), 'Microsoft.KeyVault/deletedVaults/read')) return forbid('Microsoft.KeyVault/deletedVaults/read', scope);
      const deleted = subscription.vaults.filter((v) => v.deleted);
      if (lower.length === 5 && lower[4] === 'deletedvaults') {
        return send(200, { value: deleted.map((v) => deletedVaultBody(subscription.id, v)) });
      }
      if (lower.length === 8 && lower[4] === 'locations' && lower[6] === 'deletedvaults') {
        const vault = deleted.find((v) => v.location.toLowerCase() === lower[5] && v.name.toLowerCase() === lower[7]);
        if (!vault) return send(404, armError('ResourceNotFound', `The specified deleted vault '${segments[7]}' was not found in location '${segments[5]}'.`));
        return send(200, deletedVaultBody(subscription.id, vault));
      }
    }
    return send(404, armError('NotFound', `The emulator has no ARM route for ${req.method} ${path}.`));
  };
}

export function authenticate(state: EmulatorState, req: EmulatorRequest, res: ServerResponse, headers: Record<string, string>): Caller | undefined {
  const fail = (code: string, message: string) => {
    sendJson(res, 401, armError(code, message), { ...headers, 'www-authenticate': `Bearer authorization_uri="${state.url}/common", error="invalid_token", error_description="${message}"` });
    return undefined;
  };
  const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  const claims = verifyEmulatorToken(state, token);
  if (!claims) {
    return fail(decodeJwt(token) ? 'InvalidAuthenticationToken' : 'AuthenticationFailedInvalidHeader', 'The access token is invalid.');
  }
  const audience = state.scenario.armAudience ?? AZURE_CLOUD_ARM_AUDIENCE;
  if (String(claims.aud).replace(/\/$/, '') !== audience.replace(/\/$/, '')) {
    return fail('InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${audience}'.`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp === 'number' && claims.exp < now) {
    const utc = (s: number) => new Date(s * 1000).toLocaleString('en-US', { timeZone: 'UTC' });
    return fail('ExpiredAuthenticationToken', `The access token expiry UTC time '${utc(claims.exp)}' is earlier than current UTC time '${utc(now)}'.`);
  }
  return { tenantId: String(claims.tid), objectId: String(claims.oid), appId: String(claims.appid) };
}

function findVault(subscription: SubscriptionSpec, predicate: (v: VaultSpec) => boolean): VaultSpec | undefined {
  return subscription.vaults.find(predicate);
}

function subscriptionBody(s: SubscriptionSpec) {
  return {
    id: `/subscriptions/${s.id}`,
    subscriptionId: s.id,
    tenantId: s.tenantId,
    displayName: s.displayName ?? `Subscription ${s.id.slice(0, 8)}`,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
  };
}

function noApiVersion(apiVersion: string, type: string) {
  return armError('NoRegisteredProviderFound',
    `No registered resource provider found for location 'westus' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${KEYVAULT_API_VERSIONS.join(', ')}'.`);
}
