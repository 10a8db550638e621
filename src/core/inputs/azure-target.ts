// Which cloud and which identity the GitHub and CLI hosts sign in with, validated from the inputs.
import { InputError } from '../errors.js';
import { parseChoice } from './parse-values.js';
import { inputSpec } from './schema.js';
import { optional, parseGuid, type InputValues } from './to-run-config.js';

export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud' | 'custom';

export interface AzureTarget {
  environment: CloudName;
  /** Only for `custom`: https URLs without a trailing slash. */
  armEndpoint?: string;
  authorityHost?: string;
  /** OIDC sign-in: both or neither. */
  clientId?: string;
  tenantId?: string;
}

function parseHttpsUrl(value: string | undefined, input: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new InputError({
      code: 'KVPG-INPUT-URL',
      message: `Input '${input}' is '${value}', which is not an https URL.`,
      fix: `Set '${input}' to an https URL such as https://management.azure.com.`,
    });
  }
  return value.replace(/\/+$/, '');
}

/** The `graph-endpoint` input: an https URL without a trailing slash, or undefined. */
export function graphEndpointInput(values: InputValues): string | undefined {
  return parseHttpsUrl(optional(values, 'graph-endpoint'), 'graph-endpoint');
}

export function toAzureTarget(values: InputValues): AzureTarget {
  const armEndpoint = parseHttpsUrl(optional(values, 'arm-endpoint'), 'arm-endpoint');
  const authorityHost = parseHttpsUrl(optional(values, 'authority-host'), 'authority-host');
  // Endpoints alone mean a custom cloud (Azure Stack Hub, a private cloud): never ignore them silently.
  const fallback: CloudName = armEndpoint !== undefined || authorityHost !== undefined ? 'custom' : 'AzureCloud';
  const environment = parseChoice<CloudName>(values.environment, 'environment', inputSpec('environment').options as CloudName[], fallback);
  if (environment !== 'custom' && (armEndpoint !== undefined || authorityHost !== undefined)) {
    throw new InputError({
      code: 'KVPG-INPUT-CUSTOM-CLOUD',
      message: `Input 'environment' is ${environment}, which has its own endpoints, but 'arm-endpoint' or 'authority-host' is set too.`,
      fix: "Leave out 'environment' (or set it to custom) to use your endpoints, or leave out the endpoints to use the named cloud.",
    });
  }
  if (environment === 'custom' && (armEndpoint === undefined || authorityHost === undefined)) {
    throw new InputError({
      code: 'KVPG-INPUT-CUSTOM-CLOUD',
      message: "Input 'environment' is custom but 'arm-endpoint' or 'authority-host' is missing.",
      fix: "Set both 'arm-endpoint' and 'authority-host', or choose AzureCloud, AzureUSGovernment or AzureChinaCloud.",
    });
  }
  const clientId = parseGuid(optional(values, 'client-id'), 'client-id');
  const tenantId = parseGuid(optional(values, 'tenant-id'), 'tenant-id');
  if ((clientId === undefined) !== (tenantId === undefined)) {
    throw new InputError({
      code: 'KVPG-INPUT-OIDC',
      message: `Input '${clientId ? 'tenant-id' : 'client-id'}' is missing: OpenID Connect sign-in needs both 'client-id' and 'tenant-id'.`,
      fix: "Set both 'client-id' and 'tenant-id' (the app registration with a federated credential), or neither to use the azure/login session.",
    });
  }
  return { environment, armEndpoint, authorityHost, clientId, tenantId };
}
