import assert from 'node:assert/strict';
import { chooseCredential, type CredentialContext } from '../../../src/platforms/github/choose-credential.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-1111-1111-1111-111111111111';
const idTokenEnv = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://runner/idtoken?x=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'rt' };
const getIdToken = async () => 'jwt';

function choose(overrides: Partial<CredentialContext>) {
  return chooseCredential({ target: { environment: 'AzureCloud' }, env: {}, getIdToken, forkPullRequest: false, ...overrides });
}

describe('chooseCredential (GitHub)', () => {
  it('uses the workflow id-token as a client assertion when client-id and tenant-id are set', async () => {
    const choice = choose({ target: { environment: 'AzureCloud', clientId: CLIENT, tenantId: TENANT }, env: idTokenEnv });
    assert.equal(choice.kind, 'online');
    assert.ok(choice.kind === 'online' && choice.credential.kind === 'client-assertion');
    if (choice.kind === 'online' && choice.credential.kind === 'client-assertion') {
      assert.equal(choice.credential.clientId, CLIENT);
      assert.equal(await choice.credential.getAssertion(), 'jwt');
    }
  });

  it('degrades to offline checks on a fork pull request that gets no id-token', () => {
    const choice = choose({ target: { environment: 'AzureCloud', clientId: CLIENT, tenantId: TENANT }, forkPullRequest: true });
    assert.deepEqual(choice, { kind: 'offline', reason: 'this pull request comes from a fork, which gets no id-token' });
  });

  it('stays online when a same-repository job has no id-token, so the sign-in fails loudly instead of skipping inject', () => {
    const choice = choose({ target: { environment: 'AzureCloud', clientId: CLIENT, tenantId: TENANT } });
    assert.equal(choice.kind, 'online');
    assert.ok(choice.kind === 'online' && choice.credential.kind === 'client-assertion');
  });

  it('hands AZURE_* variables to the environment credential when they carry a secret', () => {
    const env = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 's3cret' };
    const choice = choose({ env });
    assert.ok(choice.kind === 'online' && choice.credential.kind === 'environment' && choice.credential.env === env);
    assert.doesNotMatch(choice.kind === 'online' ? choice.description : '', /s3cret/);
  });

  it('falls back to the az CLI session of azure/login', () => {
    const choice = choose({ target: { environment: 'AzureCloud', tenantId: undefined } });
    assert.ok(choice.kind === 'online' && choice.credential.kind === 'azure-cli');
  });

  it('does not try the az session on a fork pull request', () => {
    assert.equal(choose({ forkPullRequest: true }).kind, 'offline');
  });
});
