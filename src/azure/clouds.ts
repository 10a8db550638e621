// Azure clouds: where ARM and Entra ID live and which audience ARM tokens are issued for.
import { InputError } from '../core/errors.js';

export interface AzureCloud {
  name: string;
  armEndpoint: string;
  authorityHost: string;
  /** Resource the ARM token is issued for; the scope is `${audience}/.default`. */
  audience: string;
  /** A custom (non-Microsoft) authority: MSAL must not try instance discovery against it. */
  custom: boolean;
  /** Microsoft Graph of this cloud (the token scope is `${graphEndpoint}/.default`); unknown for a custom cloud. */
  graphEndpoint?: string;
}

export type CloudSpec = string | { armEndpoint: string; authorityHost: string; audience?: string; name?: string };

export const AZURE_CLOUDS: Readonly<Record<string, AzureCloud>> = {
  AzureCloud: {
    name: 'AzureCloud',
    armEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    audience: 'https://management.core.windows.net/',
    custom: false,
    graphEndpoint: 'https://graph.microsoft.com',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    armEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    audience: 'https://management.core.usgovcloudapi.net/',
    custom: false,
    graphEndpoint: 'https://graph.microsoft.us',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    armEndpoint: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    audience: 'https://management.core.chinacloudapi.cn/',
    custom: false,
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

/** A cloud by name (case-insensitive) or custom endpoints (e.g. Azure Stack, or the local emulator). */
export function resolveCloud(spec: CloudSpec = 'AzureCloud'): AzureCloud {
  if (typeof spec === 'string') {
    const found = Object.values(AZURE_CLOUDS).find((c) => c.name.toLowerCase() === spec.trim().toLowerCase());
    if (!found) {
      throw new InputError({
        code: 'KVPG-CLOUD-UNKNOWN',
        message: `Unknown Azure cloud "${spec}".`,
        fix: `Use one of ${Object.keys(AZURE_CLOUDS).join(', ')}, or give custom ARM and authority endpoints.`,
      });
    }
    return found;
  }
  const armEndpoint = requireHttps(spec.armEndpoint, 'ARM endpoint');
  const authorityHost = requireHttps(spec.authorityHost, 'authority host');
  return { name: spec.name ?? 'Custom', armEndpoint, authorityHost, audience: spec.audience ?? `${armEndpoint}/`, custom: true };
}

/**
 * Where Microsoft Graph is for this cloud: the `graph-endpoint` input when given, else the named cloud's, also for
 * endpoints given explicitly (an Azure DevOps connection) when its ARM endpoint is that cloud's; undefined otherwise.
 */
export function graphEndpointOf(cloud: AzureCloud, override?: string): string | undefined {
  if (override) return requireHttps(override, 'Microsoft Graph endpoint');
  if (cloud.graphEndpoint) return cloud.graphEndpoint;
  const named = Object.values(AZURE_CLOUDS).find((c) => c.armEndpoint === cloud.armEndpoint.replace(/\/+$/, '').toLowerCase());
  return named?.graphEndpoint;
}

/** The explicit ARM scope; without it the SDK would ask for `${endpoint}/.default`, wrong outside AzureCloud. */
export function armScope(cloud: AzureCloud): string {
  return `${cloud.audience}/.default`;
}

function requireHttps(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError({ code: 'KVPG-CLOUD-ENDPOINT', message: `The ${what} "${value}" is not a URL.`, fix: 'Give an absolute https:// URL.' });
  }
  if (url.protocol !== 'https:') {
    throw new InputError({
      code: 'KVPG-CLOUD-ENDPOINT',
      message: `The ${what} "${value}" is not https; the Azure SDK refuses to send tokens over plain http.`,
      fix: 'Give an https:// URL.',
    });
  }
  return value.replace(/\/+$/, '');
}
