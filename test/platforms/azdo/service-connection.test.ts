import assert from 'node:assert/strict';
import { GuardError, InputError } from '../../../src/core/errors.js';
import { formatMessage, readServiceConnection, type EndpointReader } from '../../../src/platforms/azdo/service-connection.js';

const ID = 'c0nn-1';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-1111-1111-1111-111111111111';
const SUB = '22222222-2222-2222-2222-222222222222';

/** A service connection as the agent exposes it: ENDPOINT_* values, keyed case-insensitively like task-lib. */
function reader(scheme: string, auth: Record<string, string>, variables: Record<string, string> = {}, data: Record<string, string> = {}): EndpointReader {
  const lower = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  const a = lower(auth);
  const d = lower({ subscriptionId: SUB, environment: 'AzureCloud', environmentAuthorityUrl: 'https://login.windows.net/', activeDirectoryServiceEndpointResourceId: 'https://management.core.windows.net/', ...data });
  return {
    scheme: () => scheme,
    authParameter: (_id, key) => a[key.toLowerCase()],
    dataParameter: (_id, key) => d[key.toLowerCase()],
    url: () => 'https://management.azure.com/',
    variable: (name) => variables[name],
    loc: formatMessage,
  };
}

describe('readServiceConnection', () => {
  it('reads a service principal with a secret, the ARM URL, authority, audience and subscription', () => {
    const c = readServiceConnection(ID, reader('ServicePrincipal', { authenticationType: 'spnKey', serviceprincipalid: CLIENT, serviceprincipalkey: 'k3y', tenantid: TENANT }));
    assert.deepEqual(c.credential, { kind: 'client-secret', tenantId: TENANT, clientId: CLIENT, clientSecret: 'k3y' });
    assert.deepEqual(c.cloud, { armEndpoint: 'https://management.azure.com', authorityHost: 'https://login.windows.net', audience: 'https://management.core.windows.net/', name: 'AzureCloud' });
    assert.equal(c.subscriptionId, SUB);
    assert.equal(c.tenantId, TENANT);
    assert.deepEqual(c.secrets, ['k3y']);
  });

  it('reads a service principal with a certificate as PEM text', () => {
    const c = readServiceConnection(ID, reader('ServicePrincipal', { authenticationType: 'spnCertificate', serviceprincipalid: CLIENT, servicePrincipalCertificate: '-----BEGIN', tenantid: TENANT }));
    assert.deepEqual(c.credential, { kind: 'client-certificate', tenantId: TENANT, clientId: CLIENT, certificatePem: '-----BEGIN' });
  });

  it('reads workload identity federation with the OIDC request URL and System.AccessToken', () => {
    const c = readServiceConnection(ID, reader('WorkloadIdentityFederation', { serviceprincipalid: CLIENT, tenantid: TENANT }, { 'System.OidcRequestUri': 'https://oidc', 'System.AccessToken': 'sat' }));
    assert.deepEqual(c.credential, { kind: 'azure-pipelines', tenantId: TENANT, clientId: CLIENT, serviceConnectionId: ID, systemAccessToken: 'sat', oidcRequestUri: 'https://oidc' });
    assert.deepEqual(c.secrets, ['sat']);
  });

  it('explains what workload identity federation is missing without System.AccessToken', () => {
    assert.throws(
      () => readServiceConnection(ID, reader('WorkloadIdentityFederation', { serviceprincipalid: CLIENT, tenantid: TENANT }, { 'System.OidcRequestUri': 'https://oidc' })),
      (e: unknown) => e instanceof GuardError && e.code === 'KVPG-ADO-OIDC' && /System\.AccessToken/.test(e.message),
    );
  });

  it('reads a managed identity connection', () => {
    const c = readServiceConnection(ID, reader('ManagedServiceIdentity', { tenantid: TENANT }));
    assert.deepEqual(c.credential, { kind: 'managed-identity' });
  });

  it('names the connection and the missing key when a secret is absent', () => {
    assert.throws(
      () => readServiceConnection(ID, reader('ServicePrincipal', { serviceprincipalid: CLIENT, tenantid: TENANT })),
      (e: unknown) => e instanceof InputError && e.message.includes(`'${ID}'`) && e.message.includes("'serviceprincipalkey'"),
    );
  });

  it('rejects schemes it cannot use, such as a publish profile', () => {
    assert.throws(() => readServiceConnection(ID, reader('PublishProfile', {})), (e: unknown) => e instanceof InputError && e.code === 'KVPG-ADO-SCHEME' && /PublishProfile/.test(e.message));
  });
});
