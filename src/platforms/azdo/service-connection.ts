// Reads an Azure Resource Manager service connection the way Microsoft's own tasks do, into a credential and a cloud.
import { GuardError, InputError } from '../../core/errors.js';
import type { CloudSpec, CredentialSpec } from '../../azure/index.js';
import { MESSAGES, type MessageKey } from './messages.js';

/** The few task-lib calls this needs, so it can be tested with a plain object. */
export interface EndpointReader {
  scheme(id: string): string | undefined;
  authParameter(id: string, key: string): string | undefined;
  dataParameter(id: string, key: string): string | undefined;
  url(id: string): string | undefined;
  variable(name: string): string | undefined;
  loc(key: MessageKey, ...args: unknown[]): string;
}

export interface ServiceConnection {
  credential: CredentialSpec;
  cloud: CloudSpec;
  /** The connection's subscription (scopeLevel Subscription), if any. */
  subscriptionId?: string;
  tenantId?: string;
  /** Cloud name for ARM's environment(): AzureCloud, AzureUSGovernment, ... */
  environment?: string;
  description: string;
  /** Values to mask in logs. */
  secrets: string[];
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function readServiceConnection(id: string, reader: EndpointReader): ServiceConnection {
  const required = (value: string | undefined, key: string): string => {
    if (value) return value;
    throw new InputError({ code: 'KVPG-ADO-ENDPOINT', message: reader.loc('MissingEndpointValue', id, key), fix: 'Open Project settings → Service connections, verify the connection, and re-run.' });
  };
  const scheme = reader.scheme(id) ?? '';
  const tenantId = reader.authParameter(id, 'tenantid');
  const clientId = reader.authParameter(id, 'serviceprincipalid');
  const armUrl = reader.url(id);
  const authority = reader.dataParameter(id, 'environmentAuthorityUrl');
  const audience = reader.dataParameter(id, 'activeDirectoryServiceEndpointResourceId');
  const environment = reader.dataParameter(id, 'environment');
  const cloud: CloudSpec =
    armUrl && authority
      ? { armEndpoint: trimSlash(armUrl), authorityHost: trimSlash(authority), ...(audience ? { audience } : {}), ...(environment ? { name: environment } : {}) }
      : (environment ?? 'AzureCloud');
  const base = { cloud, subscriptionId: reader.dataParameter(id, 'subscriptionId'), tenantId, environment };

  switch (scheme.toLowerCase()) {
    case 'serviceprincipal': {
      const type = (reader.authParameter(id, 'authenticationType') ?? 'spnKey').toLowerCase();
      if (type === 'spncertificate') {
        const pem = required(reader.authParameter(id, 'servicePrincipalCertificate'), 'servicePrincipalCertificate');
        return { ...base, credential: { kind: 'client-certificate', tenantId: required(tenantId, 'tenantid'), clientId: required(clientId, 'serviceprincipalid'), certificatePem: pem }, description: 'service principal, certificate', secrets: [pem] };
      }
      const key = required(reader.authParameter(id, 'serviceprincipalkey'), 'serviceprincipalkey');
      return { ...base, credential: { kind: 'client-secret', tenantId: required(tenantId, 'tenantid'), clientId: required(clientId, 'serviceprincipalid'), clientSecret: key }, description: 'service principal, secret', secrets: [key] };
    }
    case 'workloadidentityfederation': {
      const oidcRequestUri = reader.variable('System.OidcRequestUri');
      const systemAccessToken = reader.variable('System.AccessToken');
      if (!oidcRequestUri || !systemAccessToken) throw new GuardError({ code: 'KVPG-ADO-OIDC', message: reader.loc('MissingOidcContext') });
      return {
        ...base,
        credential: { kind: 'azure-pipelines', tenantId: required(tenantId, 'tenantid'), clientId: required(clientId, 'serviceprincipalid'), serviceConnectionId: id, systemAccessToken, oidcRequestUri },
        description: 'workload identity federation',
        secrets: [systemAccessToken],
      };
    }
    case 'managedserviceidentity':
      return { ...base, credential: { kind: 'managed-identity', ...(clientId ? { clientId } : {}) }, description: 'managed identity', secrets: [] };
    default:
      throw new InputError({ code: 'KVPG-ADO-SCHEME', message: reader.loc('UnsupportedScheme', id, scheme || '(none)'), fix: 'Use an Azure Resource Manager service connection.' });
  }
}

/** English text for a message key (used where task.loc is unavailable, e.g. unit tests). */
export function formatMessage(key: MessageKey, ...args: unknown[]): string {
  let i = 0;
  return MESSAGES[key].replace(/%s/g, () => String(args[i++]));
}
