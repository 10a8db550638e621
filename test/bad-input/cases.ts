// The bad-input corpus as data: each row is input files (laid over a valid base workspace), CLI arguments, and what
// the user must be told. Every row must exit 2, say where (file:line:column when the defect has a position) and what to
// do, and leave every input byte-identical with no stray file beside it.

/** Text of a file, or a function that builds a large one at test time (never committed). */
export type FileSpec = string | (() => string) | { directory: true };

export interface BadInputCase {
  name: string;
  /** Files written into the case folder on top of BASE_FILES; `null` deletes a base file. */
  files?: Record<string, FileSpec | null>;
  argv: string[];
  /** Substrings (or patterns) stderr must contain. */
  says: (string | RegExp)[];
  /** `file:line:column` the message must point at, when the defect has a position. */
  at?: string;
  /** Exit code when the product deliberately treats the defect as a failed gate (1) rather than bad input (2). */
  exit?: 1 | 2;
  /** A known product gap: the row is reported as pending until it is fixed (see the README, "What it guarantees"). */
  gap?: string;
}

export const SUBSCRIPTION = '6f1c4c2a-2b1e-4f63-9d7a-0c8e5b3a1d20';
export const TENANT = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
export const RG = 'rg-contoso-prod';

/** The valid workspace every case starts from (copied from examples/). */
export const BASE_FILES = {
  'azuredeploy.json': 'examples/azuredeploy.json',
  'azuredeploy.parameters.json': 'examples/azuredeploy.parameters.json',
  'snapshot.json': 'examples/snapshot.json',
  'keyvault-policy-guard.yml': 'examples/keyvault-policy-guard.yml',
} as const;

const TARGET = ['--subscription', SUBSCRIPTION, '--resource-group', RG];
const PLAN = ['plan', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET];
const CHECK = ['check', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET, '--snapshot-in', 'snapshot.json'];
const INJECT = ['inject', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--out', 'guarded.json'];

/** The arguments that succeed on the base workspace: each case breaks exactly one thing. */
export const VALID_RUNS = { plan: PLAN, check: CHECK, inject: INJECT };

const vault = (name: string, accessPolicies: string) => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.KeyVault/vaults",
      "apiVersion": "2023-07-01",
      "name": "${name}",
      "location": "westeurope",
      "properties": {
        "tenantId": "${TENANT}",
        "sku": { "family": "A", "name": "standard" },
        "accessPolicies": ${accessPolicies}
      }
    }
  ]
}
`;

const policy = (objectId: string, secrets = '["get"]') => `{ "tenantId": "${TENANT}", "objectId": "${objectId}", "permissions": { "secrets": ${secrets} } }`;
const guid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** ARM rejects templates over 4 MB: a valid template padded past that with a long metadata string. */
function over4MB(): string {
  return vault('kv-contoso-secrets', '[]').replace('"contentVersion": "1.0.0.0",', `"contentVersion": "1.0.0.0",\n  "metadata": { "padding": "${'x'.repeat(4 * 1024 * 1024 + 16)}" },`);
}

const snapshotWith = (vaultBody: string) => `{
  "schemaVersion": 1,
  "takenAt": "2026-11-20T08:00:00.000Z",
  "vaults": [
    ${vaultBody}
  ]
}
`;
const snapshotVault = (policies: string) => `{
      "id": "/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-contoso-secrets",
      "exists": true,
      "tenantId": "${TENANT}",
      "accessPolicies": [ ${policies} ]
    }`;

export const CASES: BadInputCase[] = [
  // Templates that are not JSON / not templates
  { name: 'a template with a missing comma', files: { 'azuredeploy.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"\n  "contentVersion": "1.0.0.0",\n  "resources": []\n}\n' },
    argv: PLAN, says: ['azuredeploy.json'], at: 'azuredeploy.json:3:3' },
  { name: 'a template with an unterminated block comment', files: { 'azuredeploy.json': '{\n  /* platform team\n  "resources": []\n}\n' },
    argv: PLAN, says: ['comment'], at: 'azuredeploy.json:2:3' },
  { name: 'a template with a trailing garbage token', files: { 'azuredeploy.json': vault('kv-a', '[]') + '}\n' },
    argv: PLAN, says: ['end of file expected'], at: 'azuredeploy.json:18:1' },
  { name: 'a template that is a JSON array', files: { 'azuredeploy.json': '[\n  { "type": "Microsoft.KeyVault/vaults" }\n]\n' },
    argv: PLAN, says: ['object'], at: 'azuredeploy.json:1:1' },
  { name: 'a template whose $schema is the parameters schema', files: { 'azuredeploy.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {}\n}\n' },
    argv: ['plan', '--template', 'azuredeploy.json', ...TARGET], says: ['deploymentParameters', 'deploymentTemplate'], at: 'azuredeploy.json:2:14' },
  { name: 'a template whose $schema is not an ARM schema', files: { 'azuredeploy.json': '{\n  "$schema": "https://json.schemastore.org/package.json",\n  "name": "app"\n}\n' },
    argv: ['plan', '--template', 'azuredeploy.json', ...TARGET], says: ['$schema', 'package.json'], at: 'azuredeploy.json:2:14' },
  { name: 'an empty template file', files: { 'azuredeploy.json': '' }, argv: PLAN, says: ['not valid JSON'], at: 'azuredeploy.json:1:1' },
  { name: 'a template of only whitespace and a comment', files: { 'azuredeploy.json': '\n  // nothing here\n\n' }, argv: PLAN, says: ['azuredeploy.json'] },
  { name: 'a template over the 4 MB ARM limit', files: { 'azuredeploy.json': over4MB }, argv: ['plan', '--template', 'azuredeploy.json', ...TARGET], says: ['4 MB'] },
  { name: 'a template path that does not exist', argv: ['plan', '--template', 'missing.json', ...TARGET], says: ['missing.json', 'no such file'] },
  { name: 'a template path that is a directory', files: { infra: { directory: true } }, argv: ['plan', '--template', 'infra', ...TARGET], says: ['infra', 'directory'] },
  { name: 'a template glob that matches nothing', argv: ['plan', '--template', 'infra/**/*.json', ...TARGET], says: ['infra/**/*.json', 'matches no file'] },

  // Parameters files
  { name: 'a parameters file that is not JSON', files: { 'azuredeploy.parameters.json': '{\n  "parameters": {\n    "appName": { "value": "contoso" },,\n  }\n}\n' },
    argv: PLAN, says: ['azuredeploy.parameters.json'], at: 'azuredeploy.parameters.json:3:' },
  // A parameters file with the template $schema but no resources is read, with a warning (test/integration/unchecked-inputs.test.ts).
  { name: 'a template passed as the parameters file', files: { 'azuredeploy.parameters.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": { "appName": { "type": "string" } },\n  "resources": []\n}\n' },
    argv: PLAN, says: ['is a deployment template', 'pass it as the template', 'deploymentParameters'], at: 'azuredeploy.parameters.json:2:' },
  { name: 'a parameters file naming a parameter the template does not declare', files: { 'azuredeploy.parameters.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "appName": { "value": "contoso" },\n    "appObjectId": { "value": "9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b" },\n    "vaultSku": { "value": "premium" }\n  }\n}\n' },
    argv: PLAN, says: ['vaultSku'], at: 'azuredeploy.parameters.json:7:5' },
  { name: 'a parameters file whose value has the wrong type', files: { 'azuredeploy.parameters.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "appName": { "value": 42 },\n    "appObjectId": { "value": "9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b" }\n  }\n}\n' },
    argv: PLAN, says: ['appName', 'string'], at: 'azuredeploy.parameters.json:5:' },
  { name: 'a parameters file without the parameters object', files: { 'azuredeploy.parameters.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0"\n}\n' },
    argv: PLAN, says: ['parameters'] },
  { name: 'an empty parameters file', files: { 'azuredeploy.parameters.json': '' }, argv: PLAN, says: ['azuredeploy.parameters.json'] },
  { name: 'a parameters path that does not exist', argv: ['plan', '--template', 'azuredeploy.json', '--parameters', 'prod.parameters.json', ...TARGET], says: ['prod.parameters.json', 'no such file'] },

  // Access policies the template declares
  { name: 'a template granting an unknown permission name', files: { 'azuredeploy.json': vault('kv-a', `[\n          ${policy(guid(1), '["get", "gett"]')}\n        ]`) },
    argv: ['check', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json'], says: ['gett'], at: 'azuredeploy.json:14:' },
  { name: 'a template with more than 1024 access policies on one vault', files: { 'azuredeploy.json': () => vault('kv-a', `[\n${Array.from({ length: 1025 }, (_, i) => '          ' + policy(guid(i + 1))).join(',\n')}\n        ]`) },
    // ARM refuses the deployment outright: bad input at the accessPolicies array, whatever the gates say.
    argv: ['check', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json'], says: ['KVPG-POLICY-LIMIT', '1024'], at: 'azuredeploy.json:13:' },
  { name: 'a template policy whose objectId is not a GUID', files: { 'azuredeploy.json': vault('kv-a', `[\n          ${policy('app-team')}\n        ]`) },
    argv: ['check', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json'], says: ['app-team'], at: 'azuredeploy.json:14:',
    gap: 'template ids are not required to be GUIDs (public samples carry placeholders such as GEN-AZUREAD-OBJECTID); ARM rejects the deployment itself' },

  // Snapshots
  { name: 'a snapshot that is not JSON', files: { 'snapshot.json': '{ "schemaVersion": 1, "vaults": [ }' }, argv: CHECK, says: ['snapshot.json'], at: 'snapshot.json:1:' },
  { name: 'a snapshot of the wrong shape (vaults is a string)', files: { 'snapshot.json': '{\n  "schemaVersion": 1,\n  "takenAt": "2026-11-20T08:00:00.000Z",\n  "vaults": "kv-contoso-secrets"\n}\n' },
    argv: CHECK, says: ['vaults'], at: 'snapshot.json:4:' },
  { name: 'a snapshot from a future schema version', files: { 'snapshot.json': '{\n  "schemaVersion": 2,\n  "takenAt": "2026-11-20T08:00:00.000Z",\n  "vaults": []\n}\n' },
    argv: CHECK, says: ['schemaVersion'], at: 'snapshot.json:2:' },
  { name: 'a snapshot whose objectId is not a GUID', files: { 'snapshot.json': snapshotWith(snapshotVault(`{ "tenantId": "${TENANT}", "objectId": "not-a-guid", "permissions": { "secrets": ["get"] } }`)) },
    argv: CHECK, says: ['not-a-guid', 'KVPG-POLICY-ID'], at: 'snapshot.json:' },
  // A category read from Azure or a snapshot is carried through (Azure adds them); one the template writes is a typo.
  { name: 'a template granting a permission category Key Vault does not have', files: { 'azuredeploy.json': vault('kv-a', `[\n          { "tenantId": "${TENANT}", "objectId": "${guid(7)}", "permissions": { "blobs": ["get"] } }\n        ]`) },
    argv: ['check', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json'], says: ['KVPG-PERMISSION-UNKNOWN', 'blobs'], at: 'azuredeploy.json:14:' },
  { name: 'a snapshot vault id that is not a Key Vault resource id', files: { 'snapshot.json': snapshotWith(`{ "id": "/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/st1", "exists": true, "accessPolicies": [] }`) },
    argv: CHECK, says: ['Microsoft.Storage'], at: 'snapshot.json:' },
  { name: 'an empty snapshot file', files: { 'snapshot.json': '' }, argv: CHECK, says: ['snapshot.json'] },
  { name: 'a snapshot that does not record a vault the template deploys', files: { 'snapshot.json': snapshotWith(`{ "id": "/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-contoso-keys", "exists": true, "accessPolicies": [] }`) },
    argv: INJECT, says: ['KVPG-SNAPSHOT-INCOMPLETE', 'vaults/kv-contoso-secrets', 'snapshot.json'], at: 'azuredeploy.json:27:5' },
  { name: 'a snapshot path that does not exist', argv: [...CHECK.slice(0, -1), 'old-snapshot.json'], says: ['old-snapshot.json', 'no such file'] },

  // Rule configuration
  { name: 'a config file that is not YAML', files: { 'keyvault-policy-guard.yml': 'rules:\n  no-removal: error\n   least-privilege: warning\n' }, argv: [...CHECK, '--config', 'keyvault-policy-guard.yml'], says: ['not valid YAML'], at: 'keyvault-policy-guard.yml:2:15' },
  { name: 'a config naming an unknown rule', files: { 'keyvault-policy-guard.yml': 'rules:\n  no-removal: error\n  no-removals: warning\n' }, argv: [...CHECK, '--config', 'keyvault-policy-guard.yml'], says: ['no-removals', 'no-removal'], at: 'keyvault-policy-guard.yml:3:3' },
  { name: 'a config with an unknown level', files: { 'keyvault-policy-guard.yml': 'rules:\n  no-removal: sometimes\n' }, argv: [...CHECK, '--config', 'keyvault-policy-guard.yml'], says: ['rules.no-removal', 'error, warning, notice, off', 'it is "sometimes"'], at: 'keyvault-policy-guard.yml:2:15' },
  { name: 'a config allowing a principal by name instead of object id', files: { 'keyvault-policy-guard.yml': 'rules:\n  least-privilege:\n    allow: [payments-api]\n' }, argv: [...CHECK, '--config', 'keyvault-policy-guard.yml'], says: ['object id', 'it is "payments-api"'], at: 'keyvault-policy-guard.yml:3:13' },
  { name: 'a config with a max that is not a number', files: { 'keyvault-policy-guard.yml': 'rules:\n  max-policies: { max: lots }\n' }, argv: [...CHECK, '--config', 'keyvault-policy-guard.yml'], says: ['max', 'it is "lots"'], at: 'keyvault-policy-guard.yml:2:24' },
  { name: 'a config path that does not exist', argv: [...CHECK, '--config', '.kvpg.yml'], says: ['.kvpg.yml', 'no such file'] },

  // Flags
  { name: 'a subscription that is not a GUID', argv: ['plan', '--template', 'azuredeploy.json', '--subscription', 'contoso-prod', '--resource-group', RG], says: ['contoso-prod', 'GUID'] },
  { name: '--out naming the template without --in-place', argv: [...INJECT.slice(0, -1), 'azuredeploy.json'], says: ['--out', '--in-place'] },
  { name: '--out naming the template through another spelling of its path', argv: [...INJECT.slice(0, -1), './azuredeploy.json'], says: ['--out', '--in-place'] },
  { name: '--snapshot-out naming the parameters file', argv: [...INJECT, '--snapshot-out', 'azuredeploy.parameters.json'], says: ['--snapshot-out'] },
  { name: '--output-dir . writing the template over itself', argv: [...INJECT.slice(0, -2), '--output-dir', '.'], says: ['--output-dir', '--in-place'] },
  { name: '--out and --snapshot-out naming the same file', argv: [...INJECT, '--snapshot-out', 'guarded.json'], says: ['--snapshot-out guarded.json', 'same file'] },
  { name: '--sarif naming the template check reads', argv: [...CHECK, '--sarif', 'azuredeploy.json'], says: ['--sarif azuredeploy.json', 'input'] },
  { name: '--in-place with --snapshot-out naming the template', argv: [...INJECT.slice(0, -2), '--in-place', '--snapshot-out', 'azuredeploy.json'], says: ['--snapshot-out azuredeploy.json'] },
  { name: '--output-dir where the template\'s output path is a directory', files: { 'out/azuredeploy.json': { directory: true } }, argv: [...INJECT.slice(0, -2), '--output-dir', 'out'], says: ['out/azuredeploy.json', 'directory', 'nothing was written'] },
  { name: '--out with two templates', files: { 'second.json': vault('kv-second', '[]') }, argv: [...INJECT, '--template', 'second.json'], says: ['out', 'output-dir'] },
  { name: 'a --parameter without =', argv: [...PLAN, '--parameter', 'appName'], says: ['appName', 'name=value'] },
  { name: 'a --parameter whose value starts like JSON but is not', argv: [...PLAN, '--parameter', 'tags={"env":'], says: ['tags'] },
  { name: 'an unknown flag', argv: [...PLAN, '--subscripton', SUBSCRIPTION], says: ['--subscripton', '--help'] },
  { name: 'an unknown command', argv: ['deploy', '--template', 'azuredeploy.json'], says: ['deploy', 'plan'] },
  { name: 'a --concurrency outside 1..64', argv: [...PLAN, '--concurrency', '0'], says: ['concurrency', '1 to 64'] },
  { name: 'an unknown --merge strategy', argv: [...CHECK, '--merge', 'both'], says: ['both', 'union'] },
  { name: 'an unknown --fail-on level', argv: [...CHECK, '--fail-on', 'critical'], says: ['critical', 'warning'] },
  { name: 'a custom cloud without --arm-endpoint', argv: ['snapshot', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET, '--environment', 'custom', '--authority-host', 'https://login.example'], says: ['arm-endpoint'] },
  { name: 'a custom cloud whose ARM endpoint is plain http', argv: ['snapshot', '--template', 'azuredeploy.json', '--parameters', 'azuredeploy.parameters.json', ...TARGET, '--environment', 'custom', '--arm-endpoint', 'http://127.0.0.1:1', '--authority-host', 'https://login.example'], says: ['https'] },

  // Vault names ARM refuses: caught while planning, in every mode, naming the parameter and where it was set.
  { name: 'a vault name with an underscore from the parameters file', files: { 'azuredeploy.parameters.json': '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "contentVersion": "1.0.0.0",\n  "parameters": {\n    "appName": { "value": "contoso_app" },\n    "appObjectId": { "value": "9b2d8f4e-3c1a-4e5f-8a6b-7c0d1e2f3a4b" }\n  }\n}\n' },
    argv: CHECK, says: ['KVPG-VAULT-NAME', '"kv-contoso_app-secrets"', '"_"', 'parameter appName', 'azuredeploy.parameters.json:5'], at: 'azuredeploy.json:30:15' },
  { name: 'a vault name over 24 characters from --parameter', argv: [...PLAN, '--parameter', 'appName=contosofinanceplatform'],
    says: ['KVPG-VAULT-NAME', '"kv-contosofinanceplatform-secrets"', '33 characters', '--parameter appName='], at: 'azuredeploy.json:30:15' },
  { name: 'a vault name ending with a hyphen, written in the template', files: { 'azuredeploy.json': vault('kv-contoso-', '[]') },
    argv: ['inject', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--out', 'guarded.json'], says: ['KVPG-VAULT-NAME', 'ends with a hyphen', 'rename the vault'], at: 'azuredeploy.json:8:15' },

  // Names the tool cannot resolve offline
  // plan lists such a vault as unresolved (exit 0); inject and check fail the KVPG-VAULT-UNRESOLVED gate at the vault's
  // position, name the parameter to pass, and write no template.
  { name: 'inject where a vault name needs a parameter nobody gave', argv: ['inject', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--out', 'guarded.json'],
    says: ['KVPG-VAULT-UNRESOLVED', '--parameter appName='], at: 'azuredeploy.json:27:5' },
  { name: 'inject where the vault\'s accessPolicies need a parameter nobody gave',
    files: { 'azuredeploy.json': vault('kv-contoso-secrets', `"[parameters('settings').policies]"`).replace('"contentVersion": "1.0.0.0",', '"contentVersion": "1.0.0.0",\n  "parameters": { "settings": { "type": "object" } },') },
    argv: ['inject', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--out', 'guarded.json'],
    says: ['KVPG-VAULT-NOT-INJECTED', "parameter 'settings' has no value", '--parameter settings=', 'nothing was written'], at: 'azuredeploy.json:6:5' },
  { name: 'inject --in-place where one vault resolves and the other needs a parameter nobody gave', argv: ['inject', '--template', 'azuredeploy.json', ...TARGET, '--snapshot-in', 'snapshot.json', '--parameter', 'keysVaultName=kv-contoso-keys', '--in-place'],
    says: ['KVPG-VAULT-UNRESOLVED', '--parameter appName=', 'nothing was written'], at: 'azuredeploy.json:27:5' },
];
