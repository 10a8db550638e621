// The one input schema: action.yml, task.json, the CLI flags and the README table are generated from it.

export type Host = 'github' | 'azdo' | 'cli';
export type InputType = 'string' | 'multiline' | 'boolean' | 'choice' | 'connectedService:AzureRM';
export type InputGroup = 'templates' | 'azure' | 'behaviour' | 'outputs';

export interface InputSpec {
  /** kebab-case; task.json uses the camelCase form (see taskInputName). */
  name: string;
  /** Short label for the Azure DevOps task editor. */
  label: string;
  description: string;
  type: InputType;
  options?: readonly string[];
  default?: string;
  required?: boolean;
  hosts: readonly Host[];
  group: InputGroup;
  /** task.json visibleRule, in camelCase input names. */
  visibleRule?: string;
  /** Longer help for the task editor; falls back to description. */
  helpMarkDown?: string;
  /** Masked the moment it is read. */
  secret?: boolean;
  /** Extra CLI spellings (without `--`); `repeatable` flags join their values with newlines. */
  cli?: { aliases?: readonly string[]; repeatable?: boolean; flag?: string };
}

export interface OutputSpec {
  name: string;
  description: string;
}

export const GROUPS: readonly { name: InputGroup; displayName: string; isExpanded: boolean }[] = [
  { name: 'templates', displayName: 'Templates', isExpanded: true },
  { name: 'azure', displayName: 'Azure', isExpanded: true },
  { name: 'behaviour', displayName: 'Merge and gates', isExpanded: false },
  { name: 'outputs', displayName: 'Outputs and reporting', isExpanded: false },
];

const ALL: readonly Host[] = ['github', 'azdo', 'cli'];
const GITHUB_AND_CLI: readonly Host[] = ['github', 'cli'];

export const INPUTS: readonly InputSpec[] = [
  { name: 'mode', label: 'Mode', type: 'choice', options: ['snapshot', 'inject', 'check', 'plan', 'verify', 'restore', 'recover', 'migrate'], default: 'inject', hosts: ALL, group: 'templates',
    description: 'What to do: `plan` lists the vaults the templates deploy (offline); `snapshot` reads their live access policies; `inject` snapshots and writes them into the templates; `check` gates on what a deployment would remove; `verify` (after the deploy) compares the vaults with the snapshot; `restore` adds back what a snapshot holds and the vault lacks; `recover` rebuilds a snapshot from ARM\'s change history (last 14 days); `migrate` writes inject\'s output plus least-privilege role assignments for every principal (see "Moving to Azure RBAC").' },
  { name: 'template', label: 'Templates', type: 'multiline', required: true, hosts: ALL, group: 'templates', cli: { repeatable: true },
    description: 'ARM template files (JSON or JSONC), one path or glob per line, relative to the working directory.' },
  { name: 'parameters', label: 'Parameters files', type: 'multiline', hosts: ALL, group: 'templates', cli: { repeatable: true },
    description: 'ARM parameters files (deploymentParameters schema) or `.bicepparam` files, one per line. Each pairs with its template by name (`X.json` ↔ `X.parameters.json`), by a .bicepparam\'s `using`, else by order; one file alone serves every template.' },
  { name: 'parameter-overrides', label: 'Parameter overrides', type: 'multiline', hosts: ALL, group: 'templates', cli: { flag: 'parameter', repeatable: true },
    description: 'One `name=value` per line; JSON values (`tags={"a":1}`, `count=3`, `name="007"`) are parsed, anything else is a string; a parameter the template declares a string keeps the text (`env=1e3` is "1e3"). Wins over the parameters file.' },
  { name: 'connected-service-name', label: 'Azure Resource Manager connection', type: 'connectedService:AzureRM', required: true, hosts: ['azdo'], group: 'azure',
    description: 'Azure Resource Manager service connection (service principal, workload identity federation or managed identity) that can read the vaults.' },
  { name: 'subscription-id', label: 'Subscription id', type: 'string', hosts: ALL, group: 'azure', cli: { aliases: ['subscription'] },
    description: 'Subscription the templates deploy into. On Azure DevOps defaults to the service connection\'s subscription.' },
  { name: 'resource-group', label: 'Resource group', type: 'string', hosts: ALL, group: 'azure',
    description: 'Resource group the templates deploy into (resource-group scope deployments).' },
  { name: 'location', label: 'Location', type: 'string', hosts: ALL, group: 'azure',
    description: 'Deployment location, used where a template reads `deployment().location` or `resourceGroup().location`.' },
  { name: 'deployment-name', label: 'Deployment name', type: 'string', hosts: ALL, group: 'azure',
    description: 'Deployment name, used where a template reads `deployment().name`.' },
  { name: 'environment', label: 'Azure cloud', type: 'choice', options: ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'custom'], default: 'AzureCloud', hosts: GITHUB_AND_CLI, group: 'azure',
    description: 'Azure cloud. `custom` (implied when `arm-endpoint` and `authority-host` are given) uses those endpoints. (Azure DevOps takes the cloud from the service connection.)' },
  { name: 'arm-endpoint', label: 'ARM endpoint', type: 'string', hosts: GITHUB_AND_CLI, group: 'azure',
    description: 'Resource Manager endpoint for `environment: custom` (Azure Stack Hub, sovereign clouds), e.g. `https://management.local.azurestack.external`.' },
  { name: 'authority-host', label: 'Authority host', type: 'string', hosts: GITHUB_AND_CLI, group: 'azure',
    description: 'Microsoft Entra authority host for `environment: custom`, e.g. `https://login.microsoftonline.com`.' },
  { name: 'client-id', label: 'Client id', type: 'string', hosts: GITHUB_AND_CLI, group: 'azure',
    description: 'Application (client) id for OpenID Connect sign-in with the workflow\'s ID token (needs `permissions: id-token: write`). Without it the action uses the `az` session of azure/login, then AZURE_* variables.' },
  { name: 'tenant-id', label: 'Tenant id', type: 'string', hosts: GITHUB_AND_CLI, group: 'azure',
    description: 'Microsoft Entra tenant id for OpenID Connect sign-in (with `client-id`).' },
  { name: 'graph-endpoint', label: 'Microsoft Graph endpoint', type: 'string', hosts: ALL, group: 'azure',
    description: 'Microsoft Graph endpoint for principal names when the cloud is custom (Azure DevOps: when the connection\'s ARM endpoint is not a public cloud\'s), e.g. `https://graph.microsoft.com`. The named clouds use their own Graph.' },
  { name: 'merge', label: 'Merge strategy', type: 'choice', options: ['union', 'live-wins', 'template-wins'], default: 'union', hosts: ALL, group: 'behaviour', visibleRule: 'mode = inject || mode = check || mode = migrate',
    description: 'How live and template permissions combine for a principal both define: `union` keeps every permission, `live-wins` keeps the live entry, `template-wins` keeps the template entry.' },
  { name: 'exclude-principals', label: 'Excluded principals', type: 'multiline', hosts: ALL, group: 'behaviour', cli: { repeatable: true }, visibleRule: 'mode = inject || mode = check',
    description: 'Object ids whose live access policies are deliberately dropped (one per line or comma-separated).' },
  { name: 'config', label: 'Config file', type: 'string', hosts: ALL, group: 'behaviour',
    description: 'Gate configuration file (`keyvault-policy-guard.yml`, YAML): which rules run and at what level. See the README section "Configuration".' },
  { name: 'snapshot-in', label: 'Snapshot input', type: 'string', hosts: ALL, group: 'behaviour', visibleRule: 'mode != plan',
    description: 'Use this snapshot file instead of reading Azure (e.g. one taken earlier in the pipeline).' },
  { name: 'restore', label: 'Restore', type: 'boolean', default: 'false', hosts: ALL, group: 'behaviour', visibleRule: 'mode = verify',
    description: 'verify: add back what was lost (`accessPolicies/add` only: never replace or remove). A rerun adds only what is still missing.' },
  { name: 'apply', label: 'Apply', type: 'boolean', default: 'false', hosts: ALL, group: 'behaviour', visibleRule: 'mode = restore',
    description: 'restore: write the additions; without it restore is a dry run that lists exactly what it would add.' },
  { name: 'concurrency', label: 'Concurrency', type: 'string', default: '8', hosts: ALL, group: 'behaviour',
    description: 'Maximum parallel Azure reads (1–64), or `auto`: as many as ARM\'s read bucket allows (250 at once, then 25 a second, lowered by its remaining-reads header). Keep the default when other jobs read the subscription with the same identity.' },
  { name: 'fail-on', label: 'Fail on', type: 'choice', options: ['error', 'warning', 'never'], default: 'error', hosts: ALL, group: 'behaviour',
    description: 'Lowest finding level that fails the step: `error`, `warning`, or `never`.' },
  { name: 'switch', label: 'Switch to Azure RBAC', type: 'boolean', default: 'false', hosts: ALL, group: 'behaviour', visibleRule: 'mode = migrate',
    description: 'migrate: also set `enableRbacAuthorization: true` on each vault whose every principal maps to built-in roles (vaults with gaps are listed and left alone).' },
  { name: 'snapshot-out', label: 'Snapshot output', type: 'string', hosts: ALL, group: 'outputs', visibleRule: 'mode = snapshot || mode = inject || mode = check || mode = migrate || mode = recover',
    description: 'Where to write the snapshot file. Defaults to a file in the runner\'s temp directory (CLI: in `--output-dir` or beside inject\'s `--out`, else in the temp directory; never the working directory unasked).' },
  { name: 'output-dir', label: 'Output directory', type: 'string', hosts: ALL, group: 'outputs', visibleRule: 'mode = inject || mode = migrate || mode = snapshot || mode = recover',
    description: 'Write injected templates here (same relative paths) instead of editing them in place. migrate never edits in place: on GitHub and Azure DevOps it needs this input. CLI: snapshot and recover write their snapshot here unless `--snapshot-out` is given.' },
  { name: 'out', label: 'Output file', type: 'string', hosts: ['cli'], group: 'outputs',
    description: 'Write the injected template to this file (a single template only).' },
  { name: 'in-place', label: 'Edit in place', type: 'boolean', default: 'false', hosts: ['cli'], group: 'outputs',
    description: 'Edit the templates in place (the CI hosts always do unless `output-dir` is set).' },
  { name: 'comment', label: 'Pull request comment', type: 'boolean', default: 'true', hosts: ['github', 'azdo'], group: 'outputs',
    description: 'On pull requests, keep one comment (Azure DevOps: one thread) with the result up to date. GitHub needs `github-token`; Azure DevOps uses System.AccessToken.' },
  { name: 'sarif', label: 'SARIF', type: 'string', hosts: ALL, group: 'outputs',
    description: 'Write findings as SARIF 2.1.0: a file path, or `true` for `keyvault-policy-guard.sarif` in the working directory.' },
  { name: 'resolve-names', label: 'Resolve principal names', type: 'boolean', default: 'true', hosts: ALL, group: 'outputs',
    description: 'Show each object id with its Microsoft Entra display name and type (one Microsoft Graph `directoryObjects/getByIds` call per 1000 principals; needs Directory.Read.All, otherwise one notice and ids only) and flag grants to deleted identities (`orphaned-principal`).' },
  { name: 'report', label: 'Report file', type: 'string', hosts: ALL, group: 'outputs',
    description: 'Write the whole result as JSON to this file: every vault, diff and finding, never shortened (the text output, job summary and pull request comment shorten long runs and say so).' },
  { name: 'github-token', label: 'GitHub token', type: 'string', hosts: ['github'], group: 'outputs', secret: true,
    description: 'Token for the pull request comment (needs `pull-requests: write`), e.g. `${{ github.token }}`. Without it no comment is written.' },
];

export const OUTPUTS: readonly OutputSpec[] = [
  { name: 'snapshot-path', description: 'Path of the snapshot file written (snapshot, inject, migrate and recover modes).' },
  { name: 'templates', description: 'JSON array of the template paths inject or migrate wrote.' },
  { name: 'removed-count', description: 'Principals the deployment would remove or strip of a permission, over all vaults.' },
  { name: 'violations', description: 'Number of findings at or above `fail-on` (errors and warnings when `fail-on` is never).' },
  { name: 'sarif-path', description: 'Path of the SARIF file, when `sarif` is set.' },
  { name: 'role-assignments', description: 'migrate: role assignments added to the written templates (empty in other modes).' },
  { name: 'switched-vaults', description: 'migrate: JSON array of the vault ids on Azure RBAC once the written templates deploy, switched by `switch` or already (empty in other modes).' },
  { name: 'gaps', description: 'migrate: principals that get no role assignment (no built-in role expresses their permissions, the identity no longer exists, or it belongs to another tenant); their vaults keep access policies (empty in other modes).' },
];

/** `subscription-id` → `subscriptionId`: the task.json / output-variable spelling. */
export function camelCaseName(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function inputsFor(host: Host): InputSpec[] {
  return INPUTS.filter((input) => input.hosts.includes(host));
}

export function inputSpec(name: string): InputSpec {
  const spec = INPUTS.find((input) => input.name === name);
  if (!spec) throw new Error(`unknown input ${name}`);
  return spec;
}
