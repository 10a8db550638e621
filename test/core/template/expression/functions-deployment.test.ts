import assert from 'node:assert/strict';
import { evaluateString } from '../../../../src/core/template/expression/index.js';
import { evaluatesTo, failsWith, fakeScope, unresolvedWith } from './fake-scope.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-8888-7777-6666-555555555555';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/rg-app`;

describe('deployment context functions', () => {
  evaluatesTo([
    ['resourceGroup().id', RG_ID],
    ['resourceGroup().name', 'rg-app'],
    ['resourceGroup().Location', 'westeurope'],
    ['resourceGroup().type', 'Microsoft.Resources/resourceGroups'],
    ['resourceGroup().properties.provisioningState', 'Succeeded'],
    ['subscription().id', `/subscriptions/${SUB}`],
    ['subscription().subscriptionId', SUB],
    ['subscription().tenantId', TENANT],
    ['tenant().tenantId', TENANT],
    ['deployment().name', 'main-deploy'],
    ['environment().name', 'AzureCloud'],
    ['environment().resourceManager', 'https://management.azure.com/'],
    ['environment().authentication.loginEndpoint', 'https://login.microsoftonline.com/'],
    ['environment().suffixes.keyvaultDns', '.vault.azure.net'],
    ['environment().suffixes.storage', 'core.windows.net'],
    ["concat('https://', 'kv1', environment().suffixes.keyvaultDns)", 'https://kv1.vault.azure.net'],
  ]);

  describe('in other clouds', () => {
    evaluatesTo(
      [
        ['environment().name', 'AzureUSGovernment'],
        ['environment().suffixes.keyvaultDns', '.vault.usgovcloudapi.net'],
        ['environment().authentication.loginEndpoint', 'https://login.microsoftonline.us/'],
        ['environment().resourceManager', 'https://management.usgovcloudapi.net/'],
      ],
      fakeScope({ context: { environmentName: 'AzureUSGovernment' } }),
    );
    evaluatesTo(
      [
        ['environment().suffixes.keyvaultDns', '.vault.azure.cn'],
        ['environment().authentication.loginEndpoint', 'https://login.chinacloudapi.cn/'],
      ],
      fakeScope({ context: { environmentName: 'azurechinacloud' } }),
    );
    failsWith([['environment().name', /unknown cloud 'Mars'/]], fakeScope({ context: { environmentName: 'Mars' } }));
  });

  describe('with context fields unknown', () => {
    const scope = fakeScope({ context: { unknown: ['subscriptionId', 'location'] } });
    evaluatesTo(
      [
        ['resourceGroup().name', 'rg-app'],
        ['subscription().tenantId', TENANT],
      ],
      scope,
    );
    unresolvedWith(
      [
        ['resourceGroup().id', /subscription id is only known at deployment time/],
        ['resourceGroup().location', /location is only known at deployment time/],
        ['subscription().subscriptionId', /subscription id/],
        ["resourceId('Microsoft.KeyVault/vaults', 'kv1')", /subscription id/],
        ['string(resourceGroup())', /subscription id|location/],
        ['subscription().displayName', /display name is only known at deployment time/],
        ['tenant().countryCode', /country code/],
        ['deployment().properties.templateLink.uri', /templateLink is only known at deployment time/],
        ["contains(deployment().properties, 'templateLink')", /templateLink/],
      ],
      scope,
    );
  });

  describe('copyIndex', () => {
    const scope = fakeScope({ copyIndex: 2 });
    evaluatesTo(
      [
        ['copyIndex()', 2],
        ['copyIndex(1)', 3],
        ["copyIndex('vaults')", 2],
        ["copyIndex('vaults', 10)", 12],
        ["concat('kv-', copyIndex(1))", 'kv-3'],
      ],
      scope,
    );
    it('passes the loop name to the scope', () => {
      const seen: Array<string | undefined> = [];
      const spy = fakeScope({ copyIndex: 0 });
      spy.copyIndex = (loop) => (seen.push(loop), 0);
      evaluateString("[copyIndex('policies', 1)]", spy);
      evaluateString('[copyIndex()]', spy);
      assert.deepEqual(seen, ['policies', undefined]);
    });
  });

  describe('user-defined functions', () => {
    const scope = fakeScope({
      userFunction: (namespace, name, args) => `${namespace}.${name}(${args.join(',')})`,
    });
    evaluatesTo([["contoso.uniqueName('a', add(1, 1))", 'contoso.uniqueName(a,2)']], scope);
  });

  describe('variables', () => {
    it('reads a variable through the scope each time it is referenced', () => {
      const scope = fakeScope({ variables: { prefix: 'kv' } });
      assert.equal(evaluateString("[concat(variables('prefix'), variables('PREFIX'))]", scope), 'kvkv');
      assert.deepEqual(scope.variableReads, ['prefix', 'PREFIX']);
    });
  });
});

describe('resource id functions', () => {
  evaluatesTo([
    ["resourceId('Microsoft.KeyVault/vaults', 'kv1')", `${RG_ID}/providers/Microsoft.KeyVault/vaults/kv1`],
    ["resourceId('other-rg', 'Microsoft.KeyVault/vaults', 'kv1')", `/subscriptions/${SUB}/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/kv1`],
    ["resourceId('sub-2', 'other-rg', 'Microsoft.KeyVault/vaults', 'kv1')", '/subscriptions/sub-2/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/kv1'],
    [
      "resourceId('Microsoft.KeyVault/vaults/accessPolicies', 'kv1', 'add')",
      `${RG_ID}/providers/Microsoft.KeyVault/vaults/kv1/accessPolicies/add`,
    ],
    [
      "resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet/web')",
      `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/web`,
    ],
    ["resourceId('Microsoft.Storage/storageAccounts/', 'st1')", `${RG_ID}/providers/Microsoft.Storage/storageAccounts/st1`],
    [
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')",
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/abc`,
    ],
    ["subscriptionResourceId('sub-2', 'Microsoft.Resources/resourceGroups', 'rg')", '/subscriptions/sub-2/providers/Microsoft.Resources/resourceGroups/rg'],
    ["tenantResourceId('Microsoft.Management/managementGroups', 'mg1')", '/providers/Microsoft.Management/managementGroups/mg1'],
    [
      "extensionResourceId(resourceId('Microsoft.KeyVault/vaults', 'kv1'), 'Microsoft.Authorization/locks', 'lock1')",
      `${RG_ID}/providers/Microsoft.KeyVault/vaults/kv1/providers/Microsoft.Authorization/locks/lock1`,
    ],
  ]);
  failsWith([
    ["resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')", /needs 2 name segment\(s\) but got 1/],
    ["resourceId('kv1', 'x')", /needs a resource type/],
    ["resourceId('a', 'b', 'c', 'Microsoft.KeyVault/vaults', 'kv1')", /at most 2 argument\(s\) before the resource type/],
    ["tenantResourceId('x', 'Microsoft.Management/managementGroups', 'mg1')", /at most 0 argument/],
  ]);
  unresolvedWith([["resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))", /parameter 'vaultName' has no value/]]);
});
