// Reading the deployment context: fields listed as unknown become unresolved instead of placeholder values.
import { UnresolvedError, type MissingContext } from './errors.js';
import type { DeploymentContext } from './scope.js';
import { unresolvedMarker, type Value } from './value.js';

/** `groupLocation`: the location of a resource group a nested deployment moves to (no input gives it). */
type Field = 'subscriptionId' | 'tenantId' | 'resourceGroup' | 'location' | 'groupLocation';

const REASONS: Record<Field, string> = {
  subscriptionId: 'the subscription id is only known at deployment time (none was given: --subscription-id)',
  tenantId: 'the tenant id is only known at deployment time (none was given: --tenant-id)',
  resourceGroup: 'the resource group is only known at deployment time (none was given: --resource-group)',
  location: 'the deployment location is only known at deployment time (none was given: --location)',
  groupLocation: "the location of the resource group a nested deployment targets is only known at deployment time",
};

/** The flag-level name of each context field (what `missingContext` lists). */
const CONTEXT_OF: Partial<Record<Field, MissingContext>> = {
  subscriptionId: 'subscription',
  tenantId: 'tenant',
  resourceGroup: 'resourceGroup',
  location: 'location',
};

function read(context: DeploymentContext, field: Field): string {
  switch (field) {
    case 'subscriptionId':
      return context.subscriptionId;
    case 'tenantId':
      return context.tenantId;
    case 'resourceGroup':
      return context.resourceGroup.name;
    case 'location':
    case 'groupLocation':
      return context.resourceGroup.location;
  }
}

function unknownField(context: DeploymentContext, fields: Field[]): Field | undefined {
  return fields.find((field) => context.unknown?.includes(field));
}

/** The error that reading an unknown context field raises. */
export function unknownContextError(field: Field): UnresolvedError {
  return new UnresolvedError(REASONS[field], [], contextOf(field));
}

/** The field's value, or an UnresolvedError when the caller said it is unknown. */
export function requireField(context: DeploymentContext, field: Field): string {
  if (context.unknown?.includes(field)) throw unknownContextError(field);
  return read(context, field);
}

/** A value built from fields, or a marker that throws only if that property is actually read. */
export function fieldValue(context: DeploymentContext, fields: Field[], build: () => Value): Value {
  const missing = unknownField(context, fields);
  return missing ? unresolvedMarker(REASONS[missing], { context: contextOf(missing) }) : build();
}

function contextOf(field: Field): MissingContext[] {
  const context = CONTEXT_OF[field];
  return context === undefined ? [] : [context];
}

export function resourceGroupId(context: DeploymentContext): string {
  return `/subscriptions/${requireField(context, 'subscriptionId')}/resourceGroups/${requireField(context, 'resourceGroup')}`;
}
