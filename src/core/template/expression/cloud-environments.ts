// environment() values per Azure cloud, as ARM returns them (name, endpoints, authentication, DNS suffixes).
import type { ObjectValue } from './value.js';

interface Cloud {
  name: string;
  host: string; // management host suffix, e.g. 'azure.com'
  login: string;
  coreManagement: string;
  graph: string;
  gallery: string;
  portal: string;
  batch: string;
  media: string;
  dataLake: string;
  suffixes: ObjectValue;
}

const CLOUDS: Cloud[] = [
  {
    name: 'AzureCloud',
    host: 'https://management.azure.com/',
    login: 'https://login.microsoftonline.com/',
    coreManagement: 'management.core.windows.net',
    graph: 'https://graph.windows.net/',
    gallery: 'https://gallery.azure.com/',
    portal: 'https://portal.azure.com',
    batch: 'https://batch.core.windows.net/',
    media: 'https://rest.media.azure.net',
    dataLake: 'https://datalake.azure.net/',
    suffixes: {
      acrLoginServer: '.azurecr.io',
      azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
      azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
      azureFrontDoorEndpointSuffix: 'azurefd.net',
      keyvaultDns: '.vault.azure.net',
      sqlServerHostname: '.database.windows.net',
      storage: 'core.windows.net',
    },
  },
  {
    name: 'AzureUSGovernment',
    host: 'https://management.usgovcloudapi.net/',
    login: 'https://login.microsoftonline.us/',
    coreManagement: 'management.core.usgovcloudapi.net',
    graph: 'https://graph.windows.net/',
    gallery: 'https://gallery.usgovcloudapi.net/',
    portal: 'https://portal.azure.us',
    batch: 'https://batch.core.usgovcloudapi.net/',
    media: 'https://rest.media.usgovcloudapi.net',
    dataLake: '',
    suffixes: {
      acrLoginServer: '.azurecr.us',
      azureFrontDoorEndpointSuffix: 'azurefd.us',
      keyvaultDns: '.vault.usgovcloudapi.net',
      sqlServerHostname: '.database.usgovcloudapi.net',
      storage: 'core.usgovcloudapi.net',
    },
  },
  {
    name: 'AzureChinaCloud',
    host: 'https://management.chinacloudapi.cn/',
    login: 'https://login.chinacloudapi.cn/',
    coreManagement: 'management.core.chinacloudapi.cn',
    graph: 'https://graph.chinacloudapi.cn/',
    gallery: 'https://gallery.chinacloudapi.cn/',
    portal: 'https://portal.azure.cn',
    batch: 'https://batch.chinacloudapi.cn/',
    media: 'https://rest.media.chinacloudapi.cn',
    dataLake: '',
    suffixes: {
      acrLoginServer: '.azurecr.cn',
      keyvaultDns: '.vault.azure.cn',
      sqlServerHostname: '.database.chinacloudapi.cn',
      storage: 'core.chinacloudapi.cn',
    },
  },
];

/** The environment() object for a cloud name (case-insensitive); undefined for an unknown cloud. */
export function cloudEnvironment(name = 'AzureCloud'): ObjectValue | undefined {
  const cloud = CLOUDS.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!cloud) return undefined;
  return {
    name: cloud.name,
    gallery: cloud.gallery,
    graph: cloud.graph,
    portal: cloud.portal,
    graphAudience: cloud.graph,
    activeDirectoryDataLake: cloud.dataLake,
    batch: cloud.batch,
    media: cloud.media,
    sqlManagement: `https://${cloud.coreManagement}:8443/`,
    vmImageAliasDoc:
      'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
    resourceManager: cloud.host,
    authentication: {
      loginEndpoint: cloud.login,
      audiences: [`https://${cloud.coreManagement}/`, cloud.host],
      tenant: 'common',
      identityProvider: 'AAD',
    },
    suffixes: { ...cloud.suffixes },
  };
}
