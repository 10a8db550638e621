// The id-token endpoints CI systems expose to jobs: GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL and Azure DevOps' oidctoken.
import type { IncomingMessage } from 'node:http';
import { azdoIssuer, GITHUB_ISSUER } from './scenario.js';
import { sendJson, type EmulatorState, type Handler } from './server.js';
import { issueFederatedToken } from './tokens.js';

/** Path to put in ACTIONS_ID_TOKEN_REQUEST_URL (the runner's URL already carries a query). */
export const GITHUB_ID_TOKEN_PATH = '/_github/idtoken?api-version=2.0';
/** Path to put in SYSTEM_OIDCREQUESTURI. */
export const AZDO_OIDC_PATH = '/_azdo/org/project/_apis/distributedtask/hubs/build/plans/plan/jobs/job/oidctoken';

const bearer = (req: IncomingMessage) => /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];

export function createOidcHandler(state: EmulatorState): Handler {
  return (req, res, url) => {
    if (req.method === 'GET' && url.pathname === '/_github/idtoken') {
      const github = state.scenario.github;
      if (!github || bearer(req) !== github.requestToken) {
        return sendJson(res, 401, { message: 'Unauthorized: the runtime token is missing or invalid.' });
      }
      const aud = url.searchParams.get('audience') ?? 'https://github.com';
      return sendJson(res, 200, {
        count: 1,
        value: issueFederatedToken(state, { iss: github.issuer ?? GITHUB_ISSUER, sub: github.subject, aud }),
      });
    }
    if (req.method === 'POST' && url.pathname.startsWith('/_azdo/') && url.pathname.endsWith('/oidctoken')) {
      const azdo = state.scenario.azdo;
      if (!azdo || bearer(req) !== azdo.systemAccessToken) {
        // Azure DevOps answers an invalid System.AccessToken with a sign-in page unless redirects are suppressed.
        return sendJson(res, 401, { $id: '1', message: 'TF400813: The user is not authorized to access this resource.' });
      }
      const connectionId = url.searchParams.get('serviceConnectionId') ?? '';
      const connection = azdo.serviceConnections.find((c) => c.id.toLowerCase() === connectionId.toLowerCase());
      if (!connection) {
        return sendJson(res, 400, { $id: '1', message: `Service connection '${connectionId}' was not found or the pipeline is not authorized to use it.` });
      }
      return sendJson(res, 200, {
        oidcToken: issueFederatedToken(state, {
          iss: azdoIssuer(azdo.organizationId),
          sub: connection.subject,
          aud: 'api://AzureADTokenExchange',
        }),
      });
    }
    return false;
  };
}
