// What an expression can see: the deployment context and the template's parameters, variables and loops.
import type { Value } from './value.js';

export interface DeploymentContext {
  /** May be a placeholder when unknown; list it in `unknown` so reading it is reported as unresolved. */
  subscriptionId: string;
  tenantId: string;
  /** The id is derived: /subscriptions/{subscriptionId}/resourceGroups/{name}. */
  resourceGroup: { name: string; location: string };
  deploymentName: string;
  /** environment() values: 'AzureCloud' (default) | 'AzureUSGovernment' | 'AzureChinaCloud'. */
  environmentName?: string;
  /** Context fields that are placeholders: reading them makes an expression unresolved. */
  unknown?: Array<'subscriptionId' | 'tenantId' | 'resourceGroup' | 'location' | 'groupLocation'>;
}

export interface Scope {
  context: DeploymentContext;
  /**
   * Parameter lookup by case-insensitive name. {found:false} when the template declares no such parameter or it
   * has no value; a `{ "$unresolved": reason }` value when the value is only known at deployment time.
   */
  parameter(name: string): { found: true; value: Value } | { found: false };
  /** May throw UnresolvedError; the caller evaluates lazily and caches. */
  variable(name: string): Value;
  /** Throws UnresolvedError when not inside that copy loop. */
  copyIndex(loopName?: string): number;
  /**
   * reference() of a resource this template level declares. A nested deployment's outputs are evaluated offline
   * where they can be; anything else throws UnresolvedError saying what is only known at deployment time.
   */
  reference?(target: ReferenceTarget, full: boolean): Value;
  /** The template's `functions` section. */
  userFunction?(namespace: string, name: string, args: Value[]): Value;
  /**
   * Plain results of expression strings evaluated in this scope, kept by evaluateString when the scope offers a map:
   * a template repeats `[subscription().tenantId]` in every policy. Only for scopes whose answers never change.
   */
  readonly results?: Map<string, Value>;
}

/** What reference()'s first argument named: its value, or (when that needs unknown context) the deployment name inside it. */
export type ReferenceTarget = { text: string } | { deploymentName: string; unresolved: Error };
