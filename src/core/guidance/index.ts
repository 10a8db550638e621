// Guidance: one catalog of FAQ-linked explanations for access problems and vault pitfalls.
export { FAQ_URL, GUIDANCE, HELP, isGuidanceCode, type GuidanceCode, type GuidanceEntry } from './catalog.js';
export { aadCodeOf } from './explain-auth.js';
export { explainProblem, explainSoftDeleted, type ExplainContext } from './explain-problem.js';
export { explainVault, explainVaults, type ExplainVaultInput } from './explain-vault.js';
export { explainTenantChange, keepTenantFix, knownTenant, tenantMove } from './explain-tenant-change.js';
export { explainAwaitedParameters, explainUncheckedRemoval, explainUnguarded } from './explain-coverage.js';
export { explainChildInOtherTemplate, explainDetachedChild, explainDetachedChildren, explainLinkedDeployment, explainParametersSchema } from './explain-unchecked.js';
export { explainSharedVault } from './explain-shared-vault.js';
export { explainUnrecognizedPermissions } from './explain-permissions.js';
export { describePrincipal, roleAssignmentCommands, setPolicyCommands, type GrantCommands } from './grant-commands.js';
export { guidanceFinding } from './guidance-finding.js';
