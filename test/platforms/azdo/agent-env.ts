// The environment an Azure Pipelines agent gives a task: inputs, the service connection as ENDPOINT_*, and SYSTEM_* variables.
import { AZDO_COLLECTION_PATH } from '../../emulator/azdo-api.js';
import { AZDO_OIDC_PATH } from '../../emulator/oidc-providers.js';
import { APP, MANAGED_IDENTITY_HEADER, SERVICE_CONNECTION_ID, SUBSCRIPTION, SYSTEM_ACCESS_TOKEN, TENANT } from '../host-world.js';

export type Scheme = 'ServicePrincipal' | 'WorkloadIdentityFederation' | 'ManagedServiceIdentity';

export const AUTH_PARAMETERS: Record<Scheme, Record<string, string>> = {
  ServicePrincipal: { authenticationType: 'spnKey', serviceprincipalid: APP.clientId, serviceprincipalkey: APP.secret, tenantid: TENANT },
  WorkloadIdentityFederation: { serviceprincipalid: APP.clientId, tenantid: TENANT, workloadIdentityFederationSubject: 'sc://org/project/arm-prod' },
  ManagedServiceIdentity: { tenantid: TENANT },
};

export function agentEnv(options: { emulatorUrl: string; caPath: string; workspace: string; scheme: Scheme; inputs: Record<string, string>; pullRequest?: boolean }): Record<string, string> {
  const id = SERVICE_CONNECTION_ID;
  const auth = AUTH_PARAMETERS[options.scheme];
  const env: Record<string, string> = {
    NODE_EXTRA_CA_CERTS: options.caPath,
    AGENT_TEMPDIRECTORY: options.workspace,
    AGENT_JOBNAME: 'guard',
    SYSTEM_DEFINITIONID: '42',
    SYSTEM_COLLECTIONURI: `${options.emulatorUrl}${AZDO_COLLECTION_PATH}`,
    SYSTEM_TEAMPROJECT: 'Infra Project',
    BUILD_REPOSITORY_ID: 'repo-1',
    BUILD_REASON: options.pullRequest === false ? 'IndividualCI' : 'PullRequest',
    SYSTEM_PULLREQUEST_PULLREQUESTID: '12',
    // The agent passes System.AccessToken as a secret variable.
    SECRET_SYSTEM_ACCESSTOKEN: SYSTEM_ACCESS_TOKEN,
    SYSTEM_OIDCREQUESTURI: `${options.emulatorUrl}${AZDO_OIDC_PATH}`,
    INPUT_CONNECTEDSERVICENAME: id,
    [`ENDPOINT_URL_${id}`]: `${options.emulatorUrl}/`,
    [`ENDPOINT_AUTH_${id}`]: JSON.stringify({ scheme: options.scheme, parameters: auth }),
    [`ENDPOINT_AUTH_SCHEME_${id}`]: options.scheme,
    [`ENDPOINT_DATA_${id}_SUBSCRIPTIONID`]: SUBSCRIPTION,
    [`ENDPOINT_DATA_${id}_ENVIRONMENT`]: 'AzureCloud',
    [`ENDPOINT_DATA_${id}_ENVIRONMENTAUTHORITYURL`]: `${options.emulatorUrl}/`,
    [`ENDPOINT_DATA_${id}_ACTIVEDIRECTORYSERVICEENDPOINTRESOURCEID`]: `${options.emulatorUrl}/`,
  };
  for (const [key, value] of Object.entries(auth)) env[`ENDPOINT_AUTH_PARAMETER_${id}_${key.toUpperCase()}`] = value;
  if (options.scheme === 'ManagedServiceIdentity') {
    // App Service style managed identity endpoint, as on a self-hosted agent in Azure.
    env.IDENTITY_ENDPOINT = `${options.emulatorUrl}/msi/token`;
    env.IDENTITY_HEADER = MANAGED_IDENTITY_HEADER;
  }
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}
