// The input schema and its edge validation, shared by the GitHub, Azure DevOps and CLI hosts.
export { INPUTS, OUTPUTS, GROUPS, camelCaseName, inputsFor, inputSpec } from './schema.js';
export type { Host, InputSpec, InputType, InputGroup, OutputSpec } from './schema.js';
export { parseBoolean, parseChoice, parseList, parseParameterOverrides, splitLines } from './parse-values.js';
export { toRunConfig, optional, parseGuid } from './to-run-config.js';
export type { InputValues } from './to-run-config.js';
export { graphEndpointInput, toAzureTarget } from './azure-target.js';
export type { AzureTarget, CloudName } from './azure-target.js';
export { renderInputsTable, renderOutputsTable } from './inputs-table.js';
export { outputValues, countViolations, sarifTarget } from './outputs.js';
export type { OutputValues } from './outputs.js';
