// The use case: plan → snapshot → preflight → inject/check → gates. Hosts call run() and render its result.
import { AzureAccessError, InputError } from './errors.js';
import { explainAwaitedParameters, explainChildInOtherTemplate, explainDetachedChildren, explainSharedVault, explainUncheckedRemoval, explainUnguarded, explainUnrecognizedPermissions, explainVaults, guidanceFinding } from './guidance/index.js';
import { applyChildOperations, diffMemo, diffPolicies, unappliedRemovals } from './policy/diff-policies.js';
import { mergePolicies } from './policy/merge-policies.js';
import { identityKey } from './policy/permissions.js';
import { sharedVaults } from './policy/shared-vaults.js';
import type { AccessPolicyEntry, TemplatePolicy } from './policy/model.js';
import { decideExitCode, defaultRulesConfig, evaluateRules, type RulesConfig } from './rules/index.js';
import { assertSnapshotCovers, parseSnapshotText, serializeSnapshot, snapshotLookup, uniqueResolved } from './snapshot/index.js';
import { loadTemplates, planAll, type LoadedTemplate, type PlanCollectors } from './load-templates.js';
import { compareChildrenOnly } from './children-only-vaults.js';
import { outputPath, snapshotOutputPath } from './output-paths.js';
import { injectTemplate } from './template/inject-template.js';
import { explainAtVault, runPreflight } from './preflight/run-preflight.js';
import { lockoutParameters, switchingVaultIds } from './migrate/switch-coverage.js';
import { livePermissionModel, withLiveModels, type KeyVaultApiVersionUse } from './permission-model/index.js';
import { resolveNames } from './names/resolve-names.js';
import { Redactor } from './secrets/secure-parameters.js';
import type {
  AzureGateway,
  DetachedChild,
  FilePort,
  Finding,
  LogPort,
  Mode,
  OutputFile,
  PlannedVault,
  PrincipalDirectory,
  PrincipalNames,
  RunConfig,
  RunResult,
  SkippedVault,
  SnapshotFile,
  UncomparedVault,
  VaultDiff,
} from './types.js';

export interface RunPorts {
  files: FilePort;
  log: LogPort;
  /** Absent when no credentials are configured: snapshot/inject then need --snapshot-in. */
  azure?: AzureGateway;
  /** Names for object ids (Microsoft Graph); absent: reports show ids only. */
  names?: PrincipalDirectory;
  /** Compiles a .bicep file to ARM JSON text. */
  compileBicep?: (path: string) => Promise<string>;
  /** Compiles a .bicepparam file to ARM parameters JSON text. */
  compileBicepParams?: (path: string) => Promise<string>;
  now?: () => Date;
}

const PLACEHOLDER_TENANT = '';

export async function run(config: RunConfig, ports: RunPorts): Promise<RunResult> {
  // Secure parameter values: loading the templates masks each on the host (log.mask), and from then on they are ***
  // in whatever the run logs, returns or throws.
  const redact = new Redactor();
  const guarded: RunPorts = { ...ports, log: redact.log(ports.log) };
  try {
    return redact.deep(await runMode(config, guarded));
  } catch (error) {
    throw redact.error(error);
  }
}

async function runMode(config: RunConfig, ports: RunPorts): Promise<RunResult> {
  // After the deploy: compare, restore, recover (src/core/verify); loaded only in those modes.
  if (config.mode === 'verify' || config.mode === 'restore' || config.mode === 'recover') return (await import('./verify/run-after-deploy.js')).runAfterDeploy(config, ports);
  const rules = config.configFile
    ? (await import('./rules/parse-rules-config.js')).parseRulesConfig(config.configFile, await ports.files.readText(config.configFile))
    : defaultRulesConfig();
  return checkTemplates(config, ports, rules, await loadTemplates(config, ports));
}

/** plan, snapshot, inject, check, migrate: the templates against the live state. */
async function checkTemplates(config: RunConfig, ports: RunPorts, rules: RulesConfig, templates: LoadedTemplate[]): Promise<RunResult> {
  // A snapshot file names the tenant `[subscription().tenantId]` needs: read it first and plan once, not twice.
  const given = config.snapshotIn && config.mode !== 'plan' ? parseSnapshotText(config.snapshotIn, await ports.files.readText(config.snapshotIn)) : undefined;
  let tenantId = config.tenantId ?? given?.vaults.find((v) => v.tenantId)?.tenantId ?? PLACEHOLDER_TENANT;
  const apiVersions: KeyVaultApiVersionUse[] = [];
  const skipped: SkippedVault[] = [];
  const detached: DetachedChild[] = [];
  const crossTemplate: NonNullable<PlanCollectors['crossTemplate']> = [];
  let childrenOnly: PlannedVault[] = [];
  let vaults = planAll(templates, config, tenantId, { apiVersions, skipped, detached, crossTemplate, childrenOnly });
  const result: RunResult = { mode: config.mode, vaults, templateCount: templates.length, written: [], diffs: [], findings: [], removedCount: 0, exitCode: 0 };
  if (skipped.length > 0) result.skipped = skipped;
  const now = ports.now?.() ?? new Date();
  result.findings.push(...templates.flatMap((t) => t.findings), ...crossTemplate.map((c) => explainChildInOtherTemplate(c.child, c.vault)));
  // The detached children's notices wait for the snapshot: a vault only children change is compared when it records it.
  if (config.mode === 'plan') {
    result.findings.push(...explainDetachedChildren(detached, vaults.length > 0));
    // A snapshot given to plan turns "RBAC if created" into the concrete model.
    if (config.snapshotIn) result.vaults = vaults = withLiveModels(vaults, parseSnapshotText(config.snapshotIn, await ports.files.readText(config.snapshotIn)));
    // Offline checks only (fork PRs degrade to this): rules that need the live state see none.
    result.findings.push(...vaults.filter((v) => !v.resolved).map((v) => explainUnguarded(v, 'plan')));
    result.findings.push(...sharedVaults(vaults).map((shared) => explainSharedVault(shared)));
    result.findings.push(...evaluateRules({ config: rules, vaults, diffs: [], finalPolicies: new Map(), mode: 'plan', apiVersions, now }));
    return finish(result, config);
  }

  let snapshot: SnapshotFile;
  try {
    snapshot = given ?? (await obtainSnapshot(config, ports, vaults));
  } catch (error) {
    result.findings.push(...explainDetachedChildren(detached, vaults.length > 0));
    if (error instanceof AzureAccessError) return failWithAccessProblems(result, error);
    throw error;
  }
  result.snapshot = snapshot;
  result.findings.push(...explainUnrecognizedPermissions(snapshot));

  // `[subscription().tenantId]` in policy entries needs the tenant: the live vaults know it.
  if (!tenantId) {
    const known = snapshot.vaults.find((v) => v.tenantId)?.tenantId;
    if (known) {
      tenantId = known;
      const replanned: PlannedVault[] = [];
      vaults = planAll(templates, config, tenantId, { childrenOnly: replanned });
      childrenOnly = replanned;
      result.vaults = vaults;
    }
  }
  // A vault the given snapshot does not record is unknown, not new: comparing it with nothing would hide its loss.
  if (config.snapshotIn) assertSnapshotCovers(config.snapshotIn, snapshot, vaults);
  // The live state decides the model of a vault whose template leaves enableRbacAuthorization implicit.
  result.vaults = vaults = withLiveModels(vaults, snapshot);
  // A vault the templates do not deploy that only their accessPolicies children change: compared when the snapshot records it.
  const elsewhere = config.mode === 'snapshot' ? undefined : compareChildrenOnly(childrenOnly, snapshot);
  result.findings.push(...explainDetachedChildren(detached, vaults.length > 0, elsewhere && { vaultIds: elsewhere.vaults.map((v) => v.id), snapshotFile: config.snapshotIn, takenAt: snapshot.takenAt }));

  // Before the snapshot is written, so it records who each entry is.
  const named = await resolveNames({ directory: config.resolveNames === false ? undefined : ports.names, snapshot, vaults, rules, tenantId });
  result.principals = named.names;
  result.findings.push(...named.findings);

  const snapshotPath = snapshotOutputPath(config);
  if (snapshotPath) {
    await ports.files.writeAtomic(snapshotPath, serializeSnapshot(snapshot));
    result.snapshotPath = snapshotPath;
    ports.log.info(`snapshot of ${snapshot.vaults.length} vault(s) written to ${snapshotPath}`);
  }

  if (ports.azure && !config.snapshotIn) {
    const azure = ports.azure;
    try {
      const step = { mode: config.mode, switchToRbac: config.switchToRbac ?? false, vaults, live: snapshotLookup(snapshot) };
      result.findings.push(...(await runPreflight({ ...step, preflight: (targets) => azure.preflight(targets) })));
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
  const compared = compareVaults(vaults, snapshot, config.mode === 'migrate' ? { ...config, mode: 'inject' } : config, result.principals);
  result.findings.push(...compared.findings);
  // Each template is injected alone: a vault two of them deploy keeps the live principals, not the other's own.
  result.findings.push(...sharedVaults(vaults, compared.deployed).map((shared) => explainSharedVault(shared, result.principals)));
  // Inject cannot keep what a child takes: as written and injected, such a vault's diff is the same.
  const childrenDiffs = elsewhere?.diffs ?? [];
  result.diffs = [...compared.diffs, ...childrenDiffs];
  if (compared.uncompared.length > 0) result.uncompared = compared.uncompared;
  if (config.mode === 'inject') result.unguardedDiffs = [...compared.unguardedDiffs, ...childrenDiffs];
  if (compared.keptForRollback.length > 0) result.keptForRollback = compared.keptForRollback;
  result.removedCount = result.diffs.reduce((sum: number, d: VaultDiff) => sum + d.removedCount, 0);

  // Every output is computed, and the exit code decided, before the first is written: a failing run writes no template.
  let outputs = config.mode === 'inject' || config.mode === 'migrate' ? injectAll(templates, compared.edits, config) : [];
  // The rules and the reports judge what the run's output deploys: after migrate --switch, switched vaults are RBAC.
  let deployed = vaults;
  if (config.mode === 'migrate') {
    const migrated = (await import('./migrate/run-migrate.js')).migrateOutputs({ templates, injected: outputs, vaults, snapshot, finalPolicies: compared.finalPolicies, config, names: result.principals });
    outputs = migrated.outputs;
    result.migration = migrated.report;
    result.findings.push(...migrated.findings);
    result.vaults = deployed = migrated.vaults;
  }
  for (const output of outputs) result.findings.push(...output.findings);

  // Switching a vault to RBAC: existing role assignments at its scope and above count towards the lockout gate.
  const switching = switchingVaultIds(deployed, snapshotLookup(snapshot));
  const roleAssignments = switching.length && ports.azure?.readRoleAssignments ? await ports.azure.readRoleAssignments(switching) : undefined;
  result.findings.push(...explainVaults({ vaults: deployed, snapshot, diffs: result.diffs, ...(roleAssignments ? { roleAssignments } : {}) }));
  result.findings.push(...evaluateRules({ config: rules, vaults: deployed, diffs: result.diffs, childrenOnly: elsewhere?.vaults, finalPolicies: compared.finalPolicies, snapshot, mode: config.mode, apiVersions, now, names: result.principals }));
  finish(result, config);
  await writeOutputs(result, outputs, config, ports);
  return result;
}

type Edit = { vault: PlannedVault; policies: TemplatePolicy[] };

interface Comparison {
  diffs: VaultDiff[];
  /** What the templates as written would do (the loss inject averts). */
  unguardedDiffs: VaultDiff[];
  /** What each vault holds after the deployment, by lower-cased id (for the gates). */
  finalPolicies: Map<string, TemplatePolicy[]>;
  /** What each vault resource's deployment leaves (for vaults several templates deploy). */
  deployed: Map<PlannedVault, TemplatePolicy[]>;
  /** Merged policies to write, by template file. */
  edits: Map<string, Edit[]>;
  findings: Finding[];
  /** Vaults with no diff because they could not be compared, and who is at risk on each. */
  uncompared: UncomparedVault[];
  /** Vaults switching to RBAC whose live policies inject keeps (RunResult.keptForRollback). */
  keptForRollback: NonNullable<RunResult['keptForRollback']>;
}

/** Per vault: live policies vs what the deployment leaves (merged in inject mode, as written otherwise). */
function compareVaults(vaults: PlannedVault[], snapshot: SnapshotFile, config: RunConfig, names?: PrincipalNames): Comparison {
  const out: Comparison = { diffs: [], unguardedDiffs: [], finalPolicies: new Map(), deployed: new Map(), edits: new Map(), findings: [], uncompared: [], keptForRollback: [] };
  const uncompared = (vault: PlannedVault, finding: Finding, atRisk: AccessPolicyEntry[]) => {
    out.findings.push(finding);
    out.uncompared.push({ vaultId: vault.id, location: vault.location, code: finding.code, atRisk });
  };
  const mode: Mode = config.mode;
  const findLive = snapshotLookup(snapshot);
  for (const vault of vaults) {
    if (!vault.resolved) {
      // Its live state is unknown too: no one can be named at risk.
      uncompared(vault, explainUnguarded(vault, mode), []);
      continue;
    }
    const live = findLive(vault.id);
    const before: AccessPolicyEntry[] = live?.exists && livePermissionModel(live) === 'accessPolicies' ? live.accessPolicies : [];
    const declared = vault.templatePolicies;
    // A live vault whose model or tenant awaits a parameter nobody gave: what the deployment does to it is unknown.
    if (live?.exists && vault.propertiesAwaitingParameters?.length) {
      uncompared(vault, explainAwaitedParameters(vault, mode, { atRisk: before, names }), before);
      continue;
    }
    // Switching from live access policies to RBAC (withLiveModels left it injectable): the output keeps the live
    // policies, as migrate's does; RBAC ignores them, and switching back restores them. No diff: RBAC decides access.
    if (vault.rbac && mode === 'inject' && vault.injectable && declared !== undefined && before.length > 0) {
      const policies = mergePolicies({ vaultId: vault.id, template: declared, live: before, strategy: config.merge, excludePrincipals: config.excludePrincipals }).policies;
      const list = out.edits.get(vault.location.file) ?? [];
      list.push({ vault, policies });
      out.edits.set(vault.location.file, list);
      const kept = new Set(policies.flatMap((p) => (p.kind === 'resolved' ? [identityKey(p.entry)] : [])));
      out.keptForRollback.push({ vaultId: vault.id, location: vault.location, policies: before.filter((e) => kept.has(identityKey(e))).length });
      continue;
    }
    if (vault.rbac || declared === undefined) {
      // Unknown accessPolicies only matter when there is something live to lose: live policies, or, on a live RBAC
      // vault the template switches to access policies, every role-based grant (the deployed list alone decides).
      // Every live principal is at risk, not removed: the deployed list may name them (no diff, so no gate counts them).
      const leavesRbac = live?.exists === true && livePermissionModel(live) === 'rbac' && vault.permission?.model === 'accessPolicies' && vault.permission.certain;
      if (!vault.rbac && (before.length > 0 || leavesRbac)) {
        const unknown = `its accessPolicies cannot be known offline (${vault.notInjectableReason ?? vault.accessPoliciesForm})`;
        const reason = leavesRbac ? `the template switches it from Azure RBAC to access policies, so its role assignments stop granting data-plane access, and ${unknown}` : unknown;
        uncompared(vault, explainUnguarded(vault, mode, reason, { atRisk: before, names }), before);
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
    out.deployed.set(vault, after);
    const memo = diffMemo();
    const diff = diffPolicies({ vaultId: vault.id, before, after, location: vault.location }, memo);
    out.diffs.push(diff);
    // Without a merge the template deploys what it declares: the same diff.
    out.unguardedDiffs.push(deployed === declared ? diff : diffPolicies({ vaultId: vault.id, before, after: withChildren(declared), location: vault.location }, memo));
  }
  return out;
}

/**
 * The output of every template: injected where it has edits, else its text as read, so every named output exists and
 * is current after a successful run (a template edited in place that needs no change is left alone).
 */
function injectAll(templates: LoadedTemplate[], edits: Map<string, Edit[]>, config: RunConfig): Output[] {
  const outputs: Output[] = [];
  for (const template of templates) {
    const path = outputPath(config, template.path);
    const forTemplate = edits.get(template.path);
    if (!forTemplate?.length) {
      if (path !== template.path) outputs.push({ path, text: template.doc.text, findings: [] });
      continue;
    }
    const { injected, withheld } = injectWithoutSecrets(template, forTemplate);
    const findings: Finding[] = [];
    for (const skipped of [...injected.skipped, ...withheld]) {
      const vault = forTemplate.find((e) => e.vault.id === skipped.vaultId)?.vault;
      if (vault) findings.push(explainUnguarded(vault, config.mode, skipped.reason));
    }
    for (const w of injected.warnings) findings.push(guidanceFinding('KVPG-ARM-LIMIT', { message: w, location: { file: template.path, line: 1, column: 1 } }));
    outputs.push({ path, text: injected.text, findings });
  }
  return outputs;
}

type Output = OutputFile & { findings: Finding[] };

/**
 * Injects, unless that writes the value of a secure parameter into the template: a literal array that replaces an
 * accessPolicies expression spells out what the expression computed. Those vaults keep their accessPolicies as
 * written, and the run says why (KVPG-VAULT-NOT-INJECTED).
 */
function injectWithoutSecrets(template: LoadedTemplate, edits: Edit[]): { injected: ReturnType<typeof injectTemplate>; withheld: { vaultId: string; reason: string }[] } {
  const injected = injectTemplate(template.doc, edits);
  const secrets = template.secureValues ?? [];
  const count = (text: string, value: string) => text.split(value).length - 1;
  const written = secrets.filter((secret) => count(injected.text, secret) > count(template.doc.text, secret));
  if (written.length === 0) return { injected, withheld: [] };
  const spells = (e: Edit) => e.policies.some((p) => p.kind === 'resolved' && p.rawText === undefined && written.some((secret) => JSON.stringify(p.entry).includes(secret)));
  const reason = 'its merged accessPolicies would write the value of a secure parameter into the template (a literal array replaces the expression that reads it)';
  return { injected: injectTemplate(template.doc, edits.filter((e) => !spells(e))), withheld: edits.filter(spells).map((e) => ({ vaultId: e.vault.id, reason })) };
}

/** Writes the whole set only when the run exits 0; otherwise says which outputs were held back and why. */
async function writeOutputs(result: RunResult, outputs: Output[], config: RunConfig, ports: RunPorts): Promise<void> {
  if (outputs.length === 0) return;
  const paths = outputs.map((o) => o.path);
  if (result.exitCode === 0) {
    await ports.files.writeAll(outputs.map(({ path, text }) => ({ path, text })));
    result.written.push(...paths);
    return;
  }
  const blocking = result.findings.filter((f) => f.level === 'error' || (config.failOn === 'warning' && f.level === 'warning'));
  const because = [...new Set(blocking.map((f) => f.code))].join(', ') || 'the findings below';
  ports.log.info(`nothing was written: the run exits ${result.exitCode} because of ${because} (held back: ${paths.join(', ')}); fix that and run again`);
}

function finish(result: RunResult, config: RunConfig): RunResult {
  // An access error (preflight) outranks gates: the deploy itself would fail.
  const accessError = result.findings.some((f) => f.level === 'error' && ACCESS_CODE.test(f.code));
  // A vault that needs parameters nobody gave is bad input, not a gate: the run could not check it at all.
  // So is one whose accessPolicies need them: the run could not keep its live policies.
  const needsParameters = new Set(result.vaults.filter((v) => v.missingParameters?.length).map((v) => v.id));
  // And one switched to RBAC whose role assignments need them: the lockout gate could not count those assignments.
  const lockoutNeedsParameters = new Set(result.vaults.filter((v) => lockoutParameters(v).length > 0).map((v) => v.id));
  const needs = (f: Finding, vaults: Set<string>) => f.vaultId !== undefined && vaults.has(f.vaultId);
  const unresolved = result.findings.some(
    (f) =>
      f.level === 'error' &&
      (f.code === 'KVPG-VAULT-UNRESOLVED' || (f.code === 'KVPG-VAULT-NOT-INJECTED' && needs(f, needsParameters)) || (f.code === 'KVPG-RBAC-SWITCH-LOCKOUT' && needs(f, lockoutNeedsParameters))),
  );
  result.exitCode = accessError ? 3 : unresolved ? 2 : decideExitCode(result.findings, config.failOn);
  return result;
}

/** Guidance codes of Azure access failures (401/403/429/5xx). */
const ACCESS_CODE = /^KVPG(401|403|429|5XX)-/;

function failWithAccessProblems(result: RunResult, error: AzureAccessError): RunResult {
  const problems = error.problems.length ? error.problems : [{ kind: 'server-error' as const, message: error.message }];
  const explain = explainAtVault(result.vaults);
  result.findings.push(...problems.map((p) => explain(p)));
  result.exitCode = 3;
  return result;
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
