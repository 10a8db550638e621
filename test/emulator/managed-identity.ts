// Managed identity token endpoints: App Service style (IDENTITY_ENDPOINT + X-IDENTITY-HEADER) and IMDS style.
import { sendJson, type EmulatorState, type Handler } from './server.js';
import { issueAccessToken } from './tokens.js';

export const APP_SERVICE_IDENTITY_PATH = '/msi/token';
export const IMDS_PATH = '/metadata/identity/oauth2/token';

export function createManagedIdentityHandler(state: EmulatorState): Handler {
  return (req, res, url) => {
    const appService = url.pathname === APP_SERVICE_IDENTITY_PATH;
    if (req.method !== 'GET' || (!appService && url.pathname !== IMDS_PATH)) return false;
    if (appService ? req.headers['x-identity-header'] !== state.scenario.identityHeader : req.headers.metadata !== 'true') {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'Required metadata header not specified or invalid' });
    }
    const clientId = url.searchParams.get('client_id');
    const identities = state.scenario.managedIdentities ?? [];
    const identity = clientId
      ? identities.find((i) => i.clientId.toLowerCase() === clientId.toLowerCase())
      : identities.find((i) => i.systemAssigned);
    if (!identity) {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'Identity not found' });
    }
    const resource = url.searchParams.get('resource') ?? '';
    const { token, expiresIn } = issueAccessToken(state, {
      tenantId: identity.tenantId,
      objectId: identity.objectId,
      appId: identity.clientId,
      audience: resource,
    });
    return sendJson(res, 200, {
      access_token: token,
      expires_on: String(Math.floor(Date.now() / 1000) + expiresIn),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    });
  };
}
