// Wraps a credential so every failure to get a token becomes one typed AzureAccessError (auth-failed / id-token-unavailable).
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { AzureAccessError } from '../core/errors.js';
import type { AccessProblem, Principal } from '../core/types.js';
import type { CredentialSpec } from './credentials.js';
import { decodeJwtPayload } from './token-claims.js';

export type Host = 'github' | 'azdo' | 'cli';

export class GuardedCredential implements TokenCredential {
  private idTokenFailure?: unknown;
  /** `sub` of the last federated token presented (never the token itself). */
  subject?: string;
  private readonly inner: TokenCredential;
  /** Who sign-in was attempted as, from the configuration: a failed sign-in has no token to read it from. */
  private readonly configured: Principal;

  constructor(spec: CredentialSpec, build: (spec: CredentialSpec) => TokenCredential, private readonly host?: Host) {
    this.configured = configuredPrincipal(spec);
    this.inner = build(spec.kind === 'client-assertion' ? { ...spec, getAssertion: () => this.fetchAssertion(spec.getAssertion) } : spec);
  }

  private async fetchAssertion(getAssertion: () => Promise<string>): Promise<string> {
    let token: string;
    try {
      token = await getAssertion();
    } catch (error) {
      this.idTokenFailure = error;
      throw error;
    }
    const sub = decodeJwtPayload(token)?.sub;
    if (typeof sub === 'string') this.subject = sub;
    return token;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.idTokenFailure = undefined;
    try {
      const token = await this.inner.getToken(scopes, options);
      if (!token) throw new Error('The credential returned no access token.');
      return token;
    } catch (error) {
      if (error instanceof AzureAccessError) throw error;
      const problem = this.problemFor(error);
      throw new AzureAccessError({
        code: problem.kind === 'id-token-unavailable' ? 'KVPG-ID-TOKEN' : 'KVPG-AUTH',
        message: problem.message,
        fix: problem.kind === 'id-token-unavailable'
          ? 'Give the job permission to request an id token (GitHub: `permissions: id-token: write`; Azure DevOps: a workload identity service connection).'
          : 'Check the tenant id, client id and secret/certificate/federated credential of the service principal.',
        problems: [problem],
        cause: error,
      });
    }
  }

  private problemFor(error: unknown): AccessProblem & { message: string } {
    const message = errorMessage(error);
    if (this.idTokenFailure !== undefined || /oidcToken|OIDC request/i.test(message)) {
      return { kind: 'id-token-unavailable', message: errorMessage(this.idTokenFailure ?? error) };
    }
    const aadCode = /AADSTS(\d+)/.exec(message)?.[0];
    const principal: Principal = { ...this.configured, ...(this.subject ? { subject: this.subject } : {}) };
    return {
      kind: 'auth-failed',
      message,
      ...(aadCode ? { aadCode } : {}),
      ...(Object.keys(principal).length ? { principal } : {}),
      ...(this.host ? { host: this.host } : {}),
    };
  }
}

function configuredPrincipal(spec: CredentialSpec): Principal {
  const [applicationId, tenantId] =
    spec.kind === 'environment' ? [spec.env.AZURE_CLIENT_ID, spec.env.AZURE_TENANT_ID]
      : spec.kind === 'azure-cli' ? [undefined, spec.tenantId]
        : spec.kind === 'managed-identity' ? [spec.clientId, undefined]
          : [spec.clientId, spec.tenantId];
  return { ...(applicationId ? { applicationId } : {}), ...(tenantId ? { tenantId } : {}) };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
