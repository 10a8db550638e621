// Builds the @azure/identity credential for each way a host can authenticate, aimed at one cloud.
import type { TokenCredential } from '@azure/core-auth';
import {
  AzureCliCredential,
  AzurePipelinesCredential,
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type ClientSecretCredentialOptions,
} from '@azure/identity';
import { InputError } from '../core/errors.js';
import type { AzureCloud } from './clouds.js';

export type CredentialSpec =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'client-certificate'; tenantId: string; clientId: string; certificatePath?: string; certificatePem?: string }
  | {
      kind: 'client-assertion';
      tenantId: string;
      clientId: string;
      /** Returns a fresh federated token (GitHub `core.getIDToken`, a token file, ...). */
      getAssertion: () => Promise<string>;
    }
  | {
      kind: 'azure-pipelines';
      tenantId: string;
      clientId: string;
      serviceConnectionId: string;
      systemAccessToken: string;
      /** The job's SYSTEM_OIDCREQUESTURI. */
      oidcRequestUri: string;
    }
  | { kind: 'managed-identity'; clientId?: string }
  | { kind: 'azure-cli'; tenantId?: string }
  | { kind: 'environment'; env: Readonly<Record<string, string | undefined>> };

export interface CredentialOptions {
  /** Extra CA certificates (PEM) to trust, replacing the default set; for private clouds and the local emulator. */
  ca?: string;
}

export function createCredential(spec: CredentialSpec, cloud: AzureCloud, options: CredentialOptions = {}): TokenCredential {
  const common: ClientSecretCredentialOptions = {
    authorityHost: cloud.authorityHost,
    // Instance discovery asks login.microsoftonline.com about the authority: wrong for custom hosts.
    disableInstanceDiscovery: cloud.custom,
    ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
  };
  switch (spec.kind) {
    case 'client-secret':
      return new ClientSecretCredential(spec.tenantId, spec.clientId, spec.clientSecret, common);
    case 'client-certificate': {
      if (spec.certificatePem) return new ClientCertificateCredential(spec.tenantId, spec.clientId, { certificate: spec.certificatePem }, common);
      if (spec.certificatePath) return new ClientCertificateCredential(spec.tenantId, spec.clientId, { certificatePath: spec.certificatePath }, common);
      throw missing('client-certificate', 'a certificate path or PEM text');
    }
    case 'client-assertion':
      return new ClientAssertionCredential(spec.tenantId, spec.clientId, spec.getAssertion, common);
    case 'azure-pipelines':
      return withOidcRequestUri(spec.oidcRequestUri, () =>
        new AzurePipelinesCredential(spec.tenantId, spec.clientId, spec.serviceConnectionId, spec.systemAccessToken, common));
    case 'managed-identity':
      return new ManagedIdentityCredential({ ...(spec.clientId ? { clientId: spec.clientId } : {}), ...common });
    case 'azure-cli':
      return new AzureCliCredential({ ...(spec.tenantId ? { tenantId: spec.tenantId } : {}) });
    case 'environment':
      return fromEnvironment(spec.env, common);
  }
}

/** The standard AZURE_* variables, handed over by the caller (src/azure does not read process.env). */
function fromEnvironment(env: Readonly<Record<string, string | undefined>>, common: ClientSecretCredentialOptions): TokenCredential {
  const tenantId = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  if (!tenantId || !clientId) throw missing('environment', 'AZURE_TENANT_ID and AZURE_CLIENT_ID');
  if (env.AZURE_CLIENT_SECRET) return new ClientSecretCredential(tenantId, clientId, env.AZURE_CLIENT_SECRET, common);
  if (env.AZURE_CLIENT_CERTIFICATE_PATH) {
    return new ClientCertificateCredential(tenantId, clientId, { certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH }, common);
  }
  if (env.AZURE_FEDERATED_TOKEN_FILE) {
    return new WorkloadIdentityCredential({ tenantId, clientId, tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE, ...common });
  }
  throw missing('environment', 'one of AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE');
}

/**
 * AzurePipelinesCredential reads SYSTEM_OIDCREQUESTURI from process.env in its constructor only;
 * set it for that synchronous call so the caller's value wins, then restore the previous one.
 */
function withOidcRequestUri<T>(uri: string, construct: () => T): T {
  const previous = process.env.SYSTEM_OIDCREQUESTURI;
  process.env.SYSTEM_OIDCREQUESTURI = uri;
  try {
    return construct();
  } finally {
    if (previous === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
    else process.env.SYSTEM_OIDCREQUESTURI = previous;
  }
}

function missing(kind: string, what: string): InputError {
  return new InputError({
    code: 'KVPG-CREDENTIAL-MISSING',
    message: `The ${kind} credential needs ${what}.`,
    fix: 'Provide the missing value through the action/task inputs or the environment.',
  });
}
