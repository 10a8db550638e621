// Which identity the action signs in with: OIDC (client-id + tenant-id), AZURE_* variables, or the azure/login `az` session.
import type { AzureTarget } from '../../core/inputs/index.js';
import type { CredentialSpec } from '../../azure/index.js';

export type CredentialChoice =
  | { kind: 'online'; credential: CredentialSpec; description: string }
  /** No way to get a token here (fork pull requests get no id-token): run the offline checks only. */
  | { kind: 'offline'; reason: string };

export interface CredentialContext {
  target: AzureTarget;
  env: Readonly<Record<string, string | undefined>>;
  /** The workflow's OIDC token for the Entra audience (core.getIDToken). */
  getIdToken: () => Promise<string>;
  /** True on a pull_request from a fork: GitHub withholds secrets and id-tokens there. */
  forkPullRequest: boolean;
}

/** The audience Entra ID expects on federated tokens. */
export const ENTRA_AUDIENCE = 'api://AzureADTokenExchange';

export function chooseCredential({ target, env, getIdToken, forkPullRequest }: CredentialContext): CredentialChoice {
  if (target.clientId && target.tenantId) {
    // Only a fork's pull request may fall back to the offline checks. Anywhere else a missing id-token is a
    // misconfiguration that must fail (KVPG401-GITHUB-ID-TOKEN): silently skipping inject would let the deploy
    // step wipe the live access policies.
    if (forkPullRequest && (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)) {
      return { kind: 'offline', reason: 'this pull request comes from a fork, which gets no id-token' };
    }
    return {
      kind: 'online',
      credential: { kind: 'client-assertion', tenantId: target.tenantId, clientId: target.clientId, getAssertion: getIdToken },
      description: `OpenID Connect as ${target.clientId}`,
    };
  }
  const { AZURE_CLIENT_ID: clientId, AZURE_TENANT_ID: tenantId } = env;
  const secretKind = env.AZURE_CLIENT_SECRET ? 'AZURE_CLIENT_SECRET' : env.AZURE_CLIENT_CERTIFICATE_PATH ? 'AZURE_CLIENT_CERTIFICATE_PATH' : env.AZURE_FEDERATED_TOKEN_FILE ? 'AZURE_FEDERATED_TOKEN_FILE' : undefined;
  if (clientId && tenantId && secretKind) {
    return { kind: 'online', credential: { kind: 'environment', env }, description: `${clientId} from AZURE_CLIENT_ID and ${secretKind}` };
  }
  if (forkPullRequest) return { kind: 'offline', reason: 'this pull request comes from a fork, which gets no credentials' };
  return { kind: 'online', credential: { kind: 'azure-cli', tenantId: target.tenantId }, description: 'the az CLI session (azure/login)' };
}
