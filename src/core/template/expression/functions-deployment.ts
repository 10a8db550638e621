// Functions that read the template and deployment: parameters, variables, copyIndex, resourceGroup, subscription,
// tenant, deployment, environment — and the runtime-only ones that can never be known offline.
import { cloudEnvironment } from './cloud-environments.js';
import { fieldValue, resourceGroupId } from './context-fields.js';
import { UnresolvedError } from './errors.js';
import { argInt, argString, argValue, eager, evaluationError, type FunctionTable } from './function-table.js';
import { checkMarker, unresolvedMarker } from './value.js';

const runtimeOnly = (name: string, what = 'is only known at deployment time') =>
  eager(0, Infinity, () => {
    throw new UnresolvedError(`${name}() ${what}`);
  });

export const DEPLOYMENT_FUNCTIONS: FunctionTable = {
  parameters: eager(1, 1, (args, env) => {
    const name = argString('parameters', args, 0);
    const found = env.scope.parameter(name);
    if (!found.found) {
      throw new UnresolvedError(`parameter '${name}' has no value (no parameters file entry, default or override)`, [name]);
    }
    return checkMarker(found.value);
  }),
  variables: eager(1, 1, (args, env) => checkMarker(env.scope.variable(argString('variables', args, 0)))),
  copyindex: eager(0, 2, (args, env) => {
    const first = args.length > 0 ? argValue('copyIndex', args, 0) : null;
    const loop = typeof first === 'string' ? first : undefined;
    const offsetAt = loop === undefined ? 0 : 1;
    const offset = args.length > offsetAt ? argInt('copyIndex', args, offsetAt) : 0;
    return env.scope.copyIndex(loop) + offset;
  }),
  resourcegroup: eager(0, 0, (_, env) => {
    const context = env.scope.context;
    return {
      id: fieldValue(context, ['subscriptionId', 'resourceGroup'], () => resourceGroupId(context)),
      name: fieldValue(context, ['resourceGroup'], () => context.resourceGroup.name),
      type: 'Microsoft.Resources/resourceGroups',
      location: fieldValue(context, ['groupLocation', 'location'], () => context.resourceGroup.location),
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    };
  }),
  subscription: eager(0, 0, (_, env) => {
    const context = env.scope.context;
    return {
      id: fieldValue(context, ['subscriptionId'], () => `/subscriptions/${context.subscriptionId}`),
      subscriptionId: fieldValue(context, ['subscriptionId'], () => context.subscriptionId),
      tenantId: fieldValue(context, ['tenantId'], () => context.tenantId),
      displayName: unresolvedMarker("the subscription's display name is only known at deployment time"),
    };
  }),
  tenant: eager(0, 0, (_, env) => {
    const context = env.scope.context;
    return {
      tenantId: fieldValue(context, ['tenantId'], () => context.tenantId),
      countryCode: unresolvedMarker("the tenant's country code is only known at deployment time"),
      displayName: unresolvedMarker("the tenant's display name is only known at deployment time"),
    };
  }),
  // Whether the deployment uses a templateLink (quickstart `_artifactsLocation` defaults read it) is unknown offline.
  // location: subscription, management group and tenant deployments have one (--location gives it).
  deployment: eager(0, 0, (_, env) => ({
    name: env.scope.context.deploymentName,
    location: fieldValue(env.scope.context, ['location'], () => env.scope.context.resourceGroup.location),
    properties: {
      templateLink: unresolvedMarker(
        'deployment().properties.templateLink is only known at deployment time (it exists only for a template deployed from a URI)',
      ),
      mode: 'Incremental',
      provisioningState: 'Accepted',
      template: unresolvedMarker('deployment().properties.template is not available offline'),
    },
  })),
  environment: eager(0, 0, (_, env) => {
    const name = env.scope.context.environmentName ?? 'AzureCloud';
    const cloud = cloudEnvironment(name);
    if (!cloud) throw evaluationError(`environment(): unknown cloud '${name}' (use AzureCloud, AzureUSGovernment or AzureChinaCloud).`);
    return cloud;
  }),
  reference: runtimeOnly('reference'),
  references: runtimeOnly('references'),
  newguid: runtimeOnly('newGuid'),
  utcnow: runtimeOnly('utcNow'),
  pickzones: runtimeOnly('pickZones'),
  providers: runtimeOnly('providers'),
  deployer: runtimeOnly('deployer'),
  managementgroup: eager(0, Infinity, () => {
    throw new UnresolvedError('managementGroup() is not known offline (resource group deployments only)', [], ['managementGroup']);
  }),
  managementgroupresourceid: eager(0, Infinity, () => {
    throw new UnresolvedError('managementGroupResourceId() is not known offline (resource group deployments only)', [], ['managementGroup']);
  }),
};
