// The use case: plan → snapshot → preflight → inject/check → gates. Hosts call run() and render its result.
import { AzureAccessError, InputError } from './errors.js';
import { explainProblem, explainUncheckedRemoval, explainUnguarded, explainVaults, guidanceFinding } from './guidance/index.js';
import { applyChildOperations, diffPolicies, unappliedRemovals } from './policy/diff-policies.js';
import { mergePolicies } from './policy/merge-policies.js';
import type { AccessPolicyEntry, TemplatePolicy } from './policy/model.js';
import { decideExitCode, defaultRulesConfig, evaluateRules } from './rules/index.js';
import { parseSnapshotText, serializeSnapshot, snapshotLookup } from './snapshot/index.js';
import { loadTemplates, planAll, type LoadedTemplate } from './load-templates.js';
import { joinPath, outputPath } from './output-paths.js';
import { injectTemplate } from './template/inject-template.js';
import { switchingVaultIds } from './migrate/switch-coverage.js';
import { livePermissionModel, withLiveModels, type KeyVaultApiVersionUse } from './permission-model/index.js';
import type {
  AccessProblem,
  AzureGateway,
  FilePort,
  Finding,
  LogPort,
  Mode,
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

const PLACEHOLDER_TENANT = '';

export async function run(config: RunConfig, ports: RunPorts): Promise<RunResult> {
  const rules = config.configFile
    ? (await import('./rules/parse-rules-config.js')).parseRulesConfig(config.configFile, await ports.files.readText(config.configFile))
    : defaultRulesConfig();
  const templates = await loadTemplates(config, ports);

  let tenantId = config.tenantId ?? PLACEHOLDER_TENANT;
  const apiVersions: KeyVaultApiVersionUse[] = [];
  let vaults = planAll(templates, config, tenantId, apiVersions);
  const result: RunResult = { mode: config.mode, vaults, written: [], diffs: [], findings: [], removedCount: 0, exitCode: 0 };
  const now = ports.now?.() ?? new Date();
  if (config.mode === 'plan') {
    // A snapshot given to plan turns "RBAC if created" into the concrete model.
    if (config.snapshotIn) result.vaults = vaults = withLiveModels(vaults, parseSnapshotText(config.snapshotIn, await ports.files.readText(config.snapshotIn)));
    // Offline checks only (fork PRs degrade to this): rules that need the live state see none.
    result.findings.push(...vaults.filter((v) => !v.resolved).map((v) => explainUnguarded(v, 'plan')));
    result.findings.push(...evaluateRules({ config: rules, vaults, diffs: [], finalPolicies: new Map(), mode: 'plan', apiVersions, now }));
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
  // The live state decides the model of a vault whose template leaves enableRbacAuthorization implicit.
  result.vaults = vaults = withLiveModels(vaults, snapshot);

  const readLive = !config.snapshotIn;
  if (config.mode === 'snapshot' || config.snapshotOut || (readLive && config.mode === 'inject')) {
    const path = config.snapshotOut ?? joinPath(config.outputDir, 'keyvault-policy-guard.snapshot.json');
    await ports.files.writeAtomic(path, serializeSnapshot(snapshot));
    result.snapshotPath = path;
    ports.log.info(`snapshot of ${snapshot.vaults.length} vault(s) written to ${path}`);
  }

  if (ports.azure && !config.snapshotIn && config.mode === 'inject') {
    const live = snapshotLookup(snapshot);
    const targets = uniqueResolved(vaults).map((v) => ({ vaultId: v.id, exists: live(v.id)?.exists ?? false }));
    try {
      const { problems } = await ports.azure.preflight(targets);
      result.findings.push(...problems.map(explainAtVault(vaults)));
    } catch (error) {
      if (error instanceof AzureAccessError) return failWithAccessProblems(result, error);
      throw error;
    }
  }

  if (config.mode === 'snapshot') {
    result.findings.push(...explainVaults({ vaults, snapshot }));
    return finish(result, config);
  }

  // migrate keeps every live policy exactly as inject does, then adds role assignments (src/core/migrate).
  const compared = compareVaults(vaults, snapshot, config.mode === 'migrate' ? { ...config, mode: 'inject' } : config);
  result.findings.push(...compared.findings);
  result.diffs = compared.diffs;
  if (config.mode === 'inject') result.unguardedDiffs = compared.unguardedDiffs;
  result.removedCount = compared.diffs.reduce((sum: number, d: VaultDiff) => sum + d.removedCount, 0);

  if (config.mode === 'inject' || config.mode === 'migrate') {
    // Every output is computed before the first is written: a failure leaves no partial set of templates.
    let outputs = injectAll(templates, compared.edits, config);
    if (config.mode === 'migrate') {
      const migrated = (await import('./migrate/run-migrate.js')).migrateOutputs({ templates, injected: outputs, vaults, snapshot, finalPolicies: compared.finalPolicies, config });
      outputs = migrated.outputs;
      result.migration = migrated.report;
      result.findings.push(...migrated.findings);
    }
    for (const output of outputs) result.findings.push(...output.findings);
    for (const output of outputs) {
      await ports.files.writeAtomic(output.path, output.text);
      result.written.push(output.path);
    }
    if (config.reportFile && result.migration) await ports.files.writeAtomic(config.reportFile, (await import('./migrate/migration-markdown.js')).migrationReportJson(result.migration));
  }

  // Switching a vault to RBAC: existing role assignments at its scope and above count towards the lockout gate.
  const switching = switchingVaultIds(vaults, snapshotLookup(snapshot));
  const roleAssignments = switching.length && ports.azure?.readRoleAssignments ? await ports.azure.readRoleAssignments(switching) : undefined;
  result.findings.push(...explainVaults({ vaults, snapshot, diffs: result.diffs, ...(roleAssignments ? { roleAssignments } : {}) }));
  result.findings.push(...evaluateRules({ config: rules, vaults, diffs: result.diffs, finalPolicies: compared.finalPolicies, snapshot, mode: config.mode, apiVersions, now }));
  return finish(result, config);
}

type Edit = { vault: PlannedVault; policies: TemplatePolicy[] };

interface Comparison {
  diffs: VaultDiff[];
  /** What the templates as written would do (the loss inject averts). */
  unguardedDiffs: VaultDiff[];
  /** What each vault holds after the deployment, by lower-cased id (for the gates). */
  finalPolicies: Map<string, TemplatePolicy[]>;
  /** Merged policies to write, by template file. */
  edits: Map<string, Edit[]>;
  findings: Finding[];
}

/** Per vault: live policies vs what the deployment leaves (merged in inject mode, as written otherwise). */
function compareVaults(vaults: PlannedVault[], snapshot: SnapshotFile, config: RunConfig): Comparison {
  const out: Comparison = { diffs: [], unguardedDiffs: [], finalPolicies: new Map(), edits: new Map(), findings: [] };
  const mode: Mode = config.mode;
  const findLive = snapshotLookup(snapshot);
  for (const vault of vaults) {
    if (!vault.resolved) {
      out.findings.push(explainUnguarded(vault, mode));
      continue;
    }
    const live = findLive(vault.id);
    const before: AccessPolicyEntry[] = live?.exists && livePermissionModel(live) === 'accessPolicies' ? live.accessPolicies : [];
    const declared = vault.templatePolicies;
    if (vault.rbac || declared === undefined) {
      // Unknown accessPolicies only matter when there is something live to lose.
      if (!vault.rbac && before.length > 0) {
        out.findings.push(explainUnguarded(vault, mode, `its accessPolicies cannot be known offline (${vault.notInjectableReason ?? vault.accessPoliciesForm})`));
      }
      continue;
    }
    let deployed: TemplatePolicy[] = declared;
    if (mode === 'inject' && vault.injectable) {
      deployed = mergePolicies({ vaultId: vault.id, template: declared, live: before, strategy: config.merge, excludePrincipals: config.excludePrincipals }).policies;
      const list = out.edits.get(vault.location.file) ?? [];
      list.push({ vault, policies: deployed });
      out.edits.set(vault.location.file, list);
    } else if (mode === 'inject' && before.length > 0) {
      out.findings.push(explainUnguarded(vault, mode));
    }
    const withChildren = (policies: TemplatePolicy[]) =>
      vault.childOperations?.length ? applyChildOperations(policies, vault.childOperations) : policies;
    const after = withChildren(deployed);
    // applyChildOperations cannot apply a removal whose principal is an expression: say so rather than guess.
    if (before.length > 0 && unappliedRemovals(vault.childOperations ?? []).length > 0) out.findings.push(explainUncheckedRemoval(vault, mode));
    out.finalPolicies.set(vault.id.toLowerCase(), after);
    out.diffs.push(diffPolicies({ vaultId: vault.id, before, after, location: vault.location }));
    out.unguardedDiffs.push(diffPolicies({ vaultId: vault.id, before, after: withChildren(declared), location: vault.location }));
  }
  return out;
}

/** The injected text of every template that has edits, with the findings injection raised. */
function injectAll(templates: LoadedTemplate[], edits: Map<string, Edit[]>, config: RunConfig): { path: string; text: string; findings: Finding[] }[] {
  const outputs: { path: string; text: string; findings: Finding[] }[] = [];
  for (const template of templates) {
    const forTemplate = edits.get(template.path);
    if (!forTemplate?.length) continue;
    const injected = injectTemplate(template.doc, forTemplate);
    const findings: Finding[] = [];
    for (const skipped of injected.skipped) {
      const vault = forTemplate.find((e) => e.vault.id === skipped.vaultId)?.vault;
      if (vault) findings.push(explainUnguarded(vault, config.mode, skipped.reason));
    }
    for (const w of injected.warnings) findings.push(guidanceFinding('KVPG-ARM-LIMIT', { message: w, location: { file: template.path, line: 1, column: 1 } }));
    outputs.push({ path: outputPath(config, template.path), text: injected.text, findings });
  }
  return outputs;
}

function finish(result: RunResult, config: RunConfig): RunResult {
  // An access error (preflight) outranks gates: the deploy itself would fail.
  const accessError = result.findings.some((f) => f.level === 'error' && ACCESS_CODE.test(f.code));
  // A vault that needs parameters nobody gave is bad input, not a gate: the run could not check it at all.
  const unresolved = result.findings.some((f) => f.level === 'error' && f.code === 'KVPG-VAULT-UNRESOLVED');
  result.exitCode = accessError ? 3 : unresolved ? 2 : decideExitCode(result.findings, config.failOn);
  return result;
}

/** Guidance codes of Azure access failures (401/403/429/5xx). */
const ACCESS_CODE = /^KVPG(401|403|429|5XX)-/;

function failWithAccessProblems(result: RunResult, error: AzureAccessError): RunResult {
  const problems = error.problems.length ? error.problems : [{ kind: 'server-error' as const, message: error.message }];
  result.findings.push(...problems.map(explainAtVault(result.vaults)));
  result.exitCode = 3;
  return result;
}

/** explainProblem at the template line of the vault a problem names, so the hosts annotate that line. */
function explainAtVault(vaults: readonly PlannedVault[]): (problem: AccessProblem) => Finding {
  const at = new Map(vaults.filter((v) => v.resolved).map((v) => [v.id.toLowerCase(), v.location]));
  return (problem) => {
    const location = 'vaultId' in problem && problem.vaultId ? at.get(problem.vaultId.toLowerCase()) : undefined;
    return explainProblem(problem, location ? { location } : {});
  };
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

