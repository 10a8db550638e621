// Microsoft Graph: POST /v1.0/directoryObjects/getByIds over the scenario's directories, with Graph's 401, 403, 429.
// Shapes: ../shared/rest-examples/graph/v1.0/directoryobject-getbyids.md (request, response, at most 1000 ids, unknown
// ids omitted) and error-403-Authorization_RequestDenied.excerpt.md; the error envelope (code, message, innerError with
// date and request-id) and 429 + Retry-After from https://learn.microsoft.com/graph/errors and /graph/throttling.
// Without read rights only `@odata.type` and `id` come back (../shared/PLATFORM-NOTES.md, "limited information").
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sleep } from './arm-faults.js';
import type { DirectoryObjectSpec, Scenario } from './scenario.js';
import { sendJson, type EmulatorState, type Handler } from './server.js';
import { verifyEmulatorToken } from './tokens.js';

export const GET_BY_IDS_PATH = '/v1.0/directoryObjects/getByIds';

type GraphObject = Record<string, unknown> & { id: string; '@odata.type': string };

function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): true {
  const requestId = randomUUID();
  return sendJson(
    res,
    status,
    { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': requestId, 'client-request-id': requestId } } },
    { 'request-id': requestId, ...headers },
  );
}

/** Every directory object of a tenant as Graph's v1.0 resources print them (the properties getByIds returns by default). */
export function directoryOf(scenario: Scenario, tenantId: string): GraphObject[] {
  const tenant = scenario.tenants.find((t) => t.id.toLowerCase() === tenantId.toLowerCase());
  if (!tenant) return [];
  const apps = tenant.apps.map((a) => servicePrincipal({ id: a.objectId, kind: 'servicePrincipal', displayName: a.displayName ?? `app ${a.clientId.slice(0, 8)}`, appId: a.clientId }));
  const identities = (scenario.managedIdentities ?? [])
    .filter((m) => m.tenantId.toLowerCase() === tenant.id.toLowerCase())
    .map((m) => servicePrincipal({ id: m.objectId, kind: 'managedIdentity', displayName: `mi-${m.clientId.slice(0, 8)}`, appId: m.clientId }));
  return [...apps, ...identities, ...(tenant.directory ?? []).map(toGraphObject)];
}

function toGraphObject(o: DirectoryObjectSpec): GraphObject {
  if (o.kind === 'user') {
    return {
      '@odata.type': '#microsoft.graph.user',
      id: o.id,
      accountEnabled: true,
      displayName: o.displayName,
      userPrincipalName: o.userPrincipalName ?? `${o.displayName.replace(/\s+/g, '.').toLowerCase()}@contoso.example`,
      mail: null,
    };
  }
  if (o.kind === 'group') {
    return { '@odata.type': '#microsoft.graph.group', id: o.id, displayName: o.displayName, groupTypes: [], mailEnabled: false, securityEnabled: true };
  }
  return servicePrincipal(o);
}

function servicePrincipal(o: DirectoryObjectSpec): GraphObject {
  const managed = o.kind === 'managedIdentity';
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id: o.id,
    accountEnabled: true,
    appId: o.appId ?? randomUUID(),
    displayName: o.displayName,
    // Managed identities are service principals of type ManagedIdentity, named after their resource.
    servicePrincipalType: managed ? 'ManagedIdentity' : 'Application',
    ...(managed ? { alternativeNames: [`isExplicit=True`, `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${o.displayName}`] } : {}),
  };
}

export function createGraphHandler(state: EmulatorState): Handler {
  let answered = 0;
  let scenarioSeen: Scenario | undefined;
  return async (req, res, url) => {
    if (url.pathname.toLowerCase() !== GET_BY_IDS_PATH.toLowerCase()) return false;
    const spec = state.scenario.graph ?? {};
    // A new scenario restarts the injected status sequence, as ARM faults do.
    if (scenarioSeen !== state.scenario) {
      scenarioSeen = state.scenario;
      answered = 0;
    }
    await sleep(spec.latencyMs ?? 0);
    if (req.method !== 'POST') return graphError(res, 405, 'Request_BadRequest', `The HTTP method '${req.method}' is not allowed for this resource.`);
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const claims = token ? verifyEmulatorToken(state, token) : undefined;
    if (!claims) return graphError(res, 401, 'InvalidAuthenticationToken', token ? 'Access token validation failure.' : 'Access token is empty.');
    const audience = (spec.audience ?? state.url).replace(/\/+$/, '');
    if (String(claims.aud).replace(/\/+$/, '') !== audience) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');

    const status = spec.statuses?.[answered++];
    if (status === 403 || (status === undefined && spec.access === 'denied')) {
      return graphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    if (status === 429) return graphError(res, 429, 'TooManyRequests', 'Too many requests. Please try again later.', { 'retry-after': String(spec.retryAfter ?? 0) });
    if (status !== undefined && status >= 500) {
      return graphError(res, status, 'serviceNotAvailable', 'The service is temporarily unavailable.', spec.retryAfter !== undefined ? { 'retry-after': String(spec.retryAfter) } : {});
    }

    let body: { ids?: unknown };
    try {
      body = JSON.parse(req.body) as { ids?: unknown };
    } catch {
      return graphError(res, 400, 'BadRequest', 'Unable to read JSON request payload.');
    }
    if (!Array.isArray(body.ids) || !body.ids.every((id) => typeof id === 'string')) return graphError(res, 400, 'Request_BadRequest', "The 'ids' parameter must be a collection of strings.");
    if (body.ids.length > 1000) return graphError(res, 400, 'Request_BadRequest', 'Invalid request: you can specify up to 1000 ids.');
    const directory = new Map(directoryOf(state.scenario, String(claims.tid)).map((o) => [o.id.toLowerCase(), o]));
    const value = [...new Set((body.ids as string[]).map((id) => id.toLowerCase()))].flatMap((id) => {
      const found = directory.get(id);
      if (!found) return [];
      return [spec.access === 'types-only' ? { '@odata.type': found['@odata.type'], id: found.id } : found];
    });
    return sendJson(res, 200, { '@odata.context': `${state.url}/v1.0/$metadata#directoryObjects`, value });
  };
}
