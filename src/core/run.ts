// The use case: plan → snapshot → preflight → inject/check → gates. Hosts call run() and render its result.
import { AzureAccessError, GuardError, InputError } from './errors.js';
import { explainProblem, explainUnguarded, explainVaults, guidanceFinding } from './guidance/index.js';
import { applyChildOperations } from './policy/diff-policies.js';
import { diffPolicies } from './policy/diff-policies.js';
import { mergePolicies } from './policy/merge-policies.js';
import type { AccessPolicyEntry, TemplatePolicy } from './policy/model.js';
import { decideExitCode, defaultRulesConfig, evaluateRules, parseRulesConfig } from './rules/index.js';
import { findSnapshotVault, parseSnapshotText, serializeSnapshot } from './snapshot/index.js';
import { injectTemplate } from './template/inject-template.js';
import { parseParametersFile, parseTemplateText, type TemplateDocument } from './template/jsonc-document.js';
import { planTemplate } from './template/plan-template.js';
import type {
  AzureGateway,
  FilePort,
  Finding,
  LogPort,
  PlannedVault,
  RunConfig,
  RunResult,
  SnapshotFile,
  VaultDiff,
} from './types.js';

export interface RunPorts {
  files: FilePort;
  log: LogPort;
  /** Absent when no credentials are configured: snapshot/inject then need --snapshot-in. */
  azure?: AzureGateway;
  /** Compiles a .bicep file to ARM JSON text. */
  compileBicep?: (path: string) => Promise<string>;
  now?: () => Date;
}

interface LoadedTemplate {
  path: string;
  doc: TemplateDocument;
  parameters: Record<string, unknown>;
}

const PLACEHOLDER_TENANT = '';

export async function run(config: RunConfig, ports: RunPorts): Promise<RunResult> {
  const rules = config.configFile
    ? parseRulesConfig(config.configFile, await ports.files.readText(config.configFile))
    : defaultRulesConfig();
  const templates = await loadTemplates(config, ports);

  let tenantId = config.tenantId ?? PLACEHOLDER_TENANT;
  let vaults = planAll(templates, config, tenantId);
  const result: RunResult = { mode: config.mode, vaults, written: [], diffs: [], findings: [], removedCount: 0, exitCode: 0 };
  if (config.mode === 'plan') {
    // Offline checks only (fork PRs degrade to this): rules that need the live state see none.
    result.findings.push(...vaults.filter((v) => !v.resolved).map((v) => explainUnguarded(v, 'plan')));
    result.findings.push(...evaluateRules({ config: rules, vaults, diffs: [], finalPolicies: new Map(), mode: 'plan' }));
    return finish(result, config);
  }

  let snapshot: SnapshotFile;
  try {
    snapshot = await obtainSnapshot(config, ports, vaults);
  } catch (error) {
    if (error instanceof AzureAccessError) return failWithAccessProblems(result, error);
    throw error;
  }
  result.snapshot = snapshot;

  // `[subscription().tenantId]` in policy entries needs the tenant: the live vaults know it.
  if (!tenantId) {
    const known = snapshot.vaults.find((v) => v.tenantId)?.tenantId;
    if (known) {
      tenantId = known;
      vaults = planAll(templates, config, tenantId);
      result.vaults = vaults;
    }
  }

  const readLive = !config.snapshotIn;
  if (config.mode === 'snapshot' || config.snapshotOut || (readLive && config.mode === 'inject')) {
    const path = config.snapshotOut ?? joinPath(config.outputDir, 'keyvault-policy-guard.snapshot.json');
    await ports.files.writeAtomic(path, serializeSnapshot(snapshot));
    result.snapshotPath = path;
    ports.log.info(`snapshot of ${snapshot.vaults.length} vault(s) written to ${path}`);
  }

  if (ports.azure && !config.snapshotIn && config.mode === 'inject') {
    const targets = uniqueResolved(vaults).map((v) => ({
      vaultId: v.id,
      exists: findSnapshotVault(snapshot, v.id)?.exists ?? false,
    }));
    try {
      const { problems } = await ports.azure.preflight(targets);
      result.findings.push(...problems.map((p) => explainProblem(p)));
    } catch (error) {
      if (error instanceof AzureAccessError) return failWithAccessProblems(result, error);
      throw error;
    }
  }

  if (config.mode === 'snapshot') {
    result.findings.push(...explainVaults({ vaults, snapshot }));
    return finish(result, config);
  }

  const finalPolicies = new Map<string, TemplatePolicy[]>();
  const editsByTemplate = new Map<string, { vault: PlannedVault; policies: TemplatePolicy[] }[]>();
  for (const vault of vaults) {
    if (!vault.resolved) {
      result.findings.push(explainUnguarded(vault, config.mode));
      continue;
    }
    const live = findSnapshotVault(snapshot, vault.id);
    const before: AccessPolicyEntry[] = live?.exists && !live.enableRbacAuthorization ? live.accessPolicies : [];
    const declared = vault.templatePolicies;
    if (vault.rbac || declared === undefined) {
      // Unknown accessPolicies only matter when there is something live to lose.
      if (!vault.rbac && before.length > 0) {
        result.findings.push(explainUnguarded(vault, config.mode, `its accessPolicies cannot be known offline (${vault.notInjectableReason ?? vault.accessPoliciesForm})`));
      }
      continue;
    }
    let deployed: TemplatePolicy[] = declared;
    if (config.mode === 'inject' && vault.injectable) {
      deployed = mergePolicies({
        vaultId: vault.id,
        template: declared,
        live: before,
        strategy: config.merge,
        excludePrincipals: config.excludePrincipals,
      }).policies;
      const list = editsByTemplate.get(vault.location.file) ?? [];
      list.push({ vault, policies: deployed });
      editsByTemplate.set(vault.location.file, list);
    } else if (config.mode === 'inject' && before.length > 0) {
      result.findings.push(explainUnguarded(vault, config.mode));
    }
    const withChildren = (policies: TemplatePolicy[]) =>
      vault.childOperations?.length ? applyChildOperations(policies, vault.childOperations) : policies;
    const after = withChildren(deployed);
    finalPolicies.set(vault.id.toLowerCase(), after);
    result.diffs.push(diffPolicies({ vaultId: vault.id, before, after, location: vault.location }));
    if (config.mode === 'inject') {
      (result.unguardedDiffs ??= []).push(diffPolicies({ vaultId: vault.id, before, after: withChildren(declared), location: vault.location }));
    }
  }
  result.removedCount = result.diffs.reduce((sum: number, d: VaultDiff) => sum + d.removedCount, 0);

  if (config.mode === 'inject') {
    for (const template of templates) {
      const edits = editsByTemplate.get(template.path);
      if (!edits?.length) continue;
      const injected = injectTemplate(template.doc, edits);
      for (const skipped of injected.skipped) {
        const vault = edits.find((e) => e.vault.id === skipped.vaultId)?.vault;
        if (vault) result.findings.push(explainUnguarded(vault, config.mode, skipped.reason));
      }
      for (const w of injected.warnings) result.findings.push(guidanceFinding('KVPG-ARM-LIMIT', { message: w, location: { file: template.path, line: 1, column: 1 } }));
      const out = outputPath(config, template.path, templates.length);
      await ports.files.writeAtomic(out, injected.text);
      result.written.push(out);
    }
  }

  result.findings.push(...explainVaults({ vaults, snapshot, diffs: result.diffs }));
  result.findings.push(...evaluateRules({ config: rules, vaults, diffs: result.diffs, finalPolicies, snapshot, mode: config.mode }));
  return finish(result, config);
}

function finish(result: RunResult, config: RunConfig): RunResult {
  // An access error (preflight) outranks gates: the deploy itself would fail.
  const accessError = result.findings.some((f) => f.level === 'error' && ACCESS_CODE.test(f.code));
  result.exitCode = accessError ? 3 : decideExitCode(result.findings, config.failOn);
  return result;
}

/** Guidance codes of Azure access failures (401/403/429/5xx). */
const ACCESS_CODE = /^KVPG(401|403|429|5XX)-/;

function failWithAccessProblems(result: RunResult, error: AzureAccessError): RunResult {
  const problems = error.problems.length ? error.problems : [{ kind: 'server-error' as const, message: error.message }];
  result.findings.push(...problems.map((p) => explainProblem(p)));
  result.exitCode = 3;
  return result;
}

async function loadTemplates(config: RunConfig, ports: RunPorts): Promise<LoadedTemplate[]> {
  const paramsText = config.parametersFile ? await ports.files.readText(config.parametersFile) : undefined;
  const loaded: LoadedTemplate[] = [];
  for (const path of config.templates) {
    let text: string;
    if (/\.bicep$/i.test(path)) {
      if (!ports.compileBicep) {
        throw new InputError({ code: 'KVPG-BICEP', message: `${path}: Bicep files need the Bicep CLI`, fix: 'install bicep or az bicep, or pass the compiled JSON', location: { file: path } });
      }
      text = await ports.compileBicep(path);
    } else {
      text = await ports.files.readText(path);
    }
    assertDeployableSize(path, text);
    const doc = parseTemplateText(path, text);
    const parameters = paramsText !== undefined && config.parametersFile ? parseParametersFile(config.parametersFile, paramsText, doc) : {};
    loaded.push({ path, doc, parameters });
  }
  return loaded;
}

/** ARM refuses templates over 4 MB, so such an input can never deploy: stop before planning or writing anything. */
const ARM_TEMPLATE_LIMIT_BYTES = 4 * 1024 * 1024;
function assertDeployableSize(path: string, text: string): void {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most templates need no encoding to know they fit.
  if (text.length * 3 <= ARM_TEMPLATE_LIMIT_BYTES) return;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes <= ARM_TEMPLATE_LIMIT_BYTES) return;
  throw new InputError({
    code: 'KVPG-TEMPLATE-TOO-LARGE',
    message: `${path} is ${bytes} bytes; ARM accepts templates of at most 4 MB (${ARM_TEMPLATE_LIMIT_BYTES} bytes), so this one cannot be deployed`,
    fix: 'split the template into linked or nested deployments (or Bicep modules) of at most 4 MB each',
    location: { file: path },
  });
}

function planAll(templates: LoadedTemplate[], config: RunConfig, tenantId: string): PlannedVault[] {
  const unknown: ('subscriptionId' | 'tenantId' | 'resourceGroup' | 'location')[] = [];
  if (!config.subscriptionId) unknown.push('subscriptionId');
  if (!tenantId) unknown.push('tenantId');
  if (!config.resourceGroup) unknown.push('resourceGroup');
  if (!config.location) unknown.push('location');
  const context = {
    subscriptionId: config.subscriptionId ?? '00000000-0000-0000-0000-000000000000',
    tenantId: tenantId || '00000000-0000-0000-0000-000000000000',
    resourceGroup: { name: config.resourceGroup ?? 'unknown', location: config.location ?? 'unknown' },
    deploymentName: config.deploymentName ?? 'keyvault-policy-guard',
    environmentName: config.environment,
    unknown,
  };
  return templates.flatMap((t) =>
    planTemplate(t.doc, { context, parameters: t.parameters as never, overrides: config.parameterOverrides as never }),
  );
}

async function obtainSnapshot(config: RunConfig, ports: RunPorts, vaults: PlannedVault[]): Promise<SnapshotFile> {
  if (config.snapshotIn) return parseSnapshotText(config.snapshotIn, await ports.files.readText(config.snapshotIn));
  if (!ports.azure) {
    throw new InputError({
      code: 'KVPG-USAGE-NO-AZURE',
      message: `${config.mode} needs the live access policies, and no Azure credentials are configured`,
      fix: 'pass --snapshot-in FILE (from a previous `snapshot` run or `az keyvault show`), or sign in: see the README section "Authenticate"',
    });
  }
  const ids = uniqueResolved(vaults).map((v) => v.id);
  const read = await ports.azure.readVaults(ids);
  return { schemaVersion: 1, takenAt: (ports.now?.() ?? new Date()).toISOString(), vaults: read };
}

function uniqueResolved(vaults: PlannedVault[]): PlannedVault[] {
  const seen = new Set<string>();
  return vaults.filter((v) => {
    if (!v.resolved) return false;
    const key = v.id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function outputPath(config: RunConfig, input: string, count: number): string {
  if (config.inPlace) return input;
  if (config.out && count === 1) return config.out;
  // Under --output-dir the template keeps its relative path and name, so the deploy step (and any
  // relative templateLink) finds it where it expects; `..` and roots cannot escape the folder.
  if (config.outputDir) return joinPath(config.outputDir, input.replace(/\\/g, '/').replace(/^([a-zA-Z]:)?\/+/, '').split('/').filter((s) => s !== '..' && s !== '.').join('/'));
  return input.replace(/\.(json|jsonc|bicep)$/i, '') + '.guarded.json';
}

function joinPath(dir: string | undefined, name: string): string {
  if (!dir) return name;
  return dir.replace(/[\\/]+$/, '') + '/' + name;
}

export { GuardError };
export type { Finding };
