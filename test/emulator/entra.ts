// Entra ID (v2.0 endpoints): discovery, openid-configuration and the token endpoint with real AADSTS errors.
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AppSpec, TenantSpec } from './scenario.js';
import { sendJson, type EmulatorState, type Handler } from './server.js';
import { decodeJwt, thumbprints, verifyWithCertificate } from './jwt.js';
import { issueAccessToken, verifyEmulatorToken } from './tokens.js';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export function createEntraHandler(state: EmulatorState): Handler {
  return (req, res, url) => {
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'GET' && parts.length === 4 && parts[1] === 'v2.0' && parts[3] === 'openid-configuration') {
      return sendJson(res, 200, openidConfiguration(state.url, parts[0]));
    }
    if (req.method === 'GET' && url.pathname.endsWith('/discovery/instance')) {
      const host = new URL(state.url).host;
      return sendJson(res, 200, {
        tenant_discovery_endpoint: `${state.url}/${parts[0]}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === 'POST' && parts.length === 4 && parts[1] === 'oauth2' && parts[3] === 'token') {
      return tokenEndpoint(state, parts[0], new URLSearchParams(req.body), res);
    }
    return false;
  };
}

function openidConfiguration(base: string, tenant: string) {
  return {
    token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${tenant}/v2.0`,
    authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
    tenant_region_scope: 'WW',
    cloud_instance_name: 'microsoftonline.com',
  };
}

/** Entra's error body: the AADSTS code leads error_description, as MSAL and users see it. */
export function aadError(res: ServerResponse, status: number, error: string, code: number, text: string): true {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function tokenEndpoint(state: EmulatorState, tenantId: string, form: URLSearchParams, res: ServerResponse): true {
  const tenant = state.scenario.tenants.find((t) => t.id.toLowerCase() === tenantId.toLowerCase());
  if (!tenant) {
    return aadError(res, 400, 'invalid_request', 90002, `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const clientId = form.get('client_id') ?? '';
  const app = tenant.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  if (!app) {
    return aadError(res, 400, 'unauthorized_client', 700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  let failure: true | undefined;
  if (secret !== null) failure = checkSecret(app, secret, res);
  else if (assertion !== null && form.get('client_assertion_type') === CLIENT_ASSERTION_TYPE) failure = checkAssertion(state, app, assertion, res);
  else return aadError(res, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (failure) return failure;
  return sendToken(state, tenant, app, form.get('scope') ?? '', res);
}

function checkSecret(app: AppSpec, secret: string, res: ServerResponse): true | undefined {
  const match = app.secrets?.find((s) => s.value === secret);
  if (!match) {
    return aadError(res, 401, 'invalid_client', 7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
  }
  if (match.expired) {
    return aadError(res, 401, 'invalid_client', 7000222,
      `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
  }
  return undefined;
}

function checkAssertion(state: EmulatorState, app: AppSpec, assertion: string, res: ServerResponse): true | undefined {
  const jwt = decodeJwt(assertion);
  if (!jwt) return aadError(res, 400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  const now = Math.floor(Date.now() / 1000);
  if (typeof jwt.payload.exp === 'number' && jwt.payload.exp < now) {
    return aadError(res, 400, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
  }
  const x5t = (jwt.header['x5t#S256'] ?? jwt.header.x5t) as string | undefined;
  if (x5t !== undefined) {
    const cert = app.certificates?.find((pem) => [thumbprints(pem).sha1, thumbprints(pem).sha256].includes(x5t));
    if (!cert) {
      return aadError(res, 401, 'invalid_client', 700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${Buffer.from(x5t, 'base64url').toString('hex').toUpperCase()}'] App Id: '${app.clientId}'.`);
    }
    if (!verifyWithCertificate(jwt, cert)) return aadError(res, 401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    return undefined;
  }
  const claims = verifyEmulatorToken(state, assertion);
  if (!claims) return aadError(res, 401, 'invalid_client', 50013, 'Assertion failed signature validation. [Reason - The key was not found.]');
  const { iss, sub, aud } = claims as { iss: string; sub: string; aud: string };
  const records = (app.federatedCredentials ?? []).filter((f) => f.issuer === iss && f.audience === aud);
  if (records.length === 0) {
    return aadError(res, 400, 'invalid_request', 70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  }
  if (!records.some((f) => f.subject === sub)) {
    return aadError(res, 400, 'invalid_client', 700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  }
  return undefined;
}

function sendToken(state: EmulatorState, tenant: TenantSpec, app: AppSpec, scope: string, res: ServerResponse): true {
  const resourceScope = scope.split(' ').find((s) => s.endsWith('/.default'));
  if (!resourceScope) return aadError(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  const audience = resourceScope.slice(0, -'/.default'.length);
  const { token, expiresIn } = issueAccessToken(state, {
    tenantId: tenant.id,
    objectId: app.objectId,
    appId: app.clientId,
    audience,
    expired: app.issueExpiredTokens,
  });
  return sendJson(res, 200, { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token });
}
