// Which input gives each piece of deployment context a plan can miss (a management group has none: such
// deployments are not evaluated offline).
import type { PlannedVault } from '../types.js';

type Context = NonNullable<PlannedVault['missingContext']>[number];

/** The input's schema name (the CLI flag is `--` plus it) and a placeholder for its value. */
export const CONTEXT_INPUTS: Readonly<Record<Context, { input: string; placeholder: string } | undefined>> = {
  location: { input: 'location', placeholder: '<region>' },
  resourceGroup: { input: 'resource-group', placeholder: '<name>' },
  subscription: { input: 'subscription-id', placeholder: '<guid>' },
  tenant: { input: 'tenant-id', placeholder: '<guid>' },
  managementGroup: undefined,
};
