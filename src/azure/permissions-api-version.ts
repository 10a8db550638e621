// Pipeline policy on the authorization client: the Permissions API at the api-version whose answer says which entries
// are granted under an ABAC condition.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * arm-authorization 9 asks Permissions - List For Resource / For Resource Group at 2022-04-01, whose `Permission`
 * (azure-rest-api-specs, specification/authorization, stable/2022-04-01) has only actions, notActions, dataActions and
 * notDataActions. From 2022-05-01-preview on, `Permission` also carries the read-only `condition` and
 * `conditionVersion` ("The conditions on the role definition…"; see Azure/bicep-types-az
 * generated/authorization/microsoft.authorization/2022-05-01-preview/types.md and the spec's
 * preview/2022-05-01-preview/examples/GetResourcePermissions.json). Without them a Role Based Access Control
 * Administrator constrained to a few roles would look like User Access Administrator.
 */
export const PERMISSIONS_API_VERSION = '2022-05-01-preview';

const PERMISSIONS_PATH = /\/providers\/Microsoft\.Authorization\/permissions$/i;

export function permissionsApiVersionPolicy(): PipelinePolicy {
  return {
    name: 'kvpgPermissionsApiVersion',
    sendRequest(request, next) {
      const url = new URL(request.url);
      // nextLink pages too: ARM echoes the api-version it was asked at, but a rewrite costs nothing.
      if (PERMISSIONS_PATH.test(url.pathname) && url.searchParams.get('api-version') !== PERMISSIONS_API_VERSION) {
        url.searchParams.set('api-version', PERMISSIONS_API_VERSION);
        request.url = url.toString();
      }
      return next(request);
    },
  };
}
