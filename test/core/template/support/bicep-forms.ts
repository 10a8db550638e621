// Building blocks of templates in the forms `bicep build` emits, for table tests written by hand.

export const RG_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
export const SUB_SCHEMA = 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#';

/** A Key Vault in access-policy mode with an empty policy list unless `properties` says otherwise. */
export const vault = (name: string, properties: object = {}) => ({
  type: 'Microsoft.KeyVault/vaults',
  apiVersion: '2023-07-01',
  name,
  location: 'westeurope',
  properties: { tenantId: '[subscription().tenantId]', sku: { family: 'A', name: 'standard' }, accessPolicies: [], ...properties },
});

/** A Bicep module: an inner-scope deployment with parameters passed as { value } objects (or expressions building them). */
export const module = (name: string, parameters: object, template: object, extra: object = {}) => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2022-09-01',
  name,
  properties: {
    expressionEvaluationOptions: { scope: 'inner' },
    mode: 'Incremental',
    parameters,
    template: { $schema: RG_SCHEMA, contentVersion: '1.0.0.0', ...template },
  },
  ...extra,
});
