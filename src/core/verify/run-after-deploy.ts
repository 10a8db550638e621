// The after-deploy use cases: verify (and verify --restore), restore from a snapshot, recover from ARM's change history.
import { AzureAccessError, InputError } from '../errors.js';
import { explainProblem } from '../guidance/explain-problem.js';
import { guidanceFinding } from '../guidance/guidance-finding.js';
import { loadTemplates, planAll } from '../load-templates.js';
import { joinPath } from '../output-paths.js';
import { entriesByIdentity } from '../policy/entries-by-identity.js';
import { HISTORY_DAYS, RecoverError, recoverPolicies } from '../recover/recover-policies.js';
import { decideExitCode, defaultRulesConfig } from '../rules/index.js';
import { parseSnapshotText, serializeSnapshot } from '../snapshot/index.js';
import type { AzureGateway, Finding, PlannedVault, RunConfig, RunResult, SnapshotFile, SnapshotVault } from '../types.js';
import type { RunPorts } from '../run.js';
import { compareAfterDeploy, missing } from './compare-after-deploy.js';
import type { HistoryOutcome, PrincipalDelta, RecoveredVault, RestoreOutcome, VaultAddition } from './model.js';
import { usesRbac } from './permission-model.js';
import { recoveredFindings, restoreFindings, verificationFindings } from './verify-findings.js';

export async function runAfterDeploy(config: RunConfig, ports: RunPorts): Promise<RunResult> {
  const result: RunResult = { mode: config.mode, vaults: [], written: [], diffs: [], findings: [], removedCount: 0, exitCode: 0 };
  try {
    if (config.mode === 'verify') await verify(config, ports, result);
    else if (config.mode === 'restore') await restoreFromSnapshot(config, ports, result);
    else await recover(config, ports, result);
  } catch (error) {
    if (!(error instanceof AzureAccessError)) throw error;
    const problems = error.problems.length ? error.problems : [{ kind: 'server-error' as const, message: error.message }];
    result.findings.push(...problems.map((p) => explainProblem(p)));
    result.exitCode = 3;
    return result;
  }
  const access = result.findings.some((f) => f.level === 'error' && /^KVPG(401|403|429|5XX)-|^KVPG-RESTORE-PARTIAL$/.test(f.code));
  const notExact = result.findings.some((f) => f.level === 'error' && f.code.startsWith('KVPG-RECOVER-'));
  result.exitCode = access ? 3 : notExact ? 2 : decideExitCode(result.findings, config.failOn);
  return result;
}

function gateway(ports: RunPorts, mode: string): AzureGateway {
  if (ports.azure) return ports.azure;
  throw new InputError({
    code: 'KVPG-USAGE-NO-AZURE',
    message: `${mode} reads the vaults again (and may write them), and no Azure credentials are configured`,
    fix: 'sign in: see the README section "Authenticate"',
  });
}

async function readSnapshot(config: RunConfig, ports: RunPorts): Promise<SnapshotFile> {
  if (!config.snapshotIn) {
    throw new InputError({
      code: 'KVPG-USAGE-SNAPSHOT-IN',
      message: `${config.mode === 'verify' ? 'verify compares the vaults with the snapshot taken before the deploy' : 'restore adds back what a snapshot holds'}, and --snapshot-in is not set`,
      fix: 'pass --snapshot-in FILE: the snapshot the inject step wrote (its snapshot-path output), or one `recover` wrote',
    });
  }
  return parseSnapshotText(config.snapshotIn, await ports.files.readText(config.snapshotIn));
}

async function planned(config: RunConfig, ports: RunPorts, snapshot?: SnapshotFile): Promise<PlannedVault[]> {
  const templates = await loadTemplates(config, ports);
  const tenantId = config.tenantId || snapshot?.vaults.find((v) => v.tenantId)?.tenantId || '';
  return planAll(templates, config, tenantId);
}

async function verify(config: RunConfig, ports: RunPorts, result: RunResult): Promise<void> {
  const rules = config.configFile
    ? (await import('../rules/parse-rules-config.js')).parseRulesConfig(config.configFile, await ports.files.readText(config.configFile))
    : defaultRulesConfig();
  const snapshot = await readSnapshot(config, ports);
  result.snapshot = snapshot;
  const vaults = await planned(config, ports, snapshot);
  result.vaults = vaults;
  const azure = gateway(ports, 'verify');
  const ids = unique(vaults.filter((v) => v.resolved).map((v) => v.id));
  const live = await azure.readVaults(ids);
  const { histories, skipped } = await readHistories(azure, ids, new Date(snapshot.takenAt));
  const verified = compareAfterDeploy({ vaults, snapshot, live, merge: config.merge, excludePrincipals: config.excludePrincipals, histories, historySkipped: skipped });
  result.afterDeploy = { verified };
  const additions = verified.flatMap((v) => toAddition(v.vaultId, [...v.lost, ...v.lostInWindow]));
  if (!config.restore) {
    result.findings.push(...verificationFindings(verified, vaults, rules, false));
    return;
  }
  const outcome = await write(azure, additions, false);
  result.afterDeploy.restore = outcome;
  // A loss restored in this run no longer fails the gate; one that could not be written still does.
  const stillLost = new Set(outcome.notRestored.map((n) => n.vaultId.toLowerCase()));
  const shown = verified.map((v) => (stillLost.has(v.vaultId.toLowerCase()) ? v : { ...v, lost: [], lostInWindow: [] }));
  result.findings.push(...verificationFindings(shown, vaults, rules, true), ...restoreFindings(outcome), ...problemsOf(outcome));
}

async function restoreFromSnapshot(config: RunConfig, ports: RunPorts, result: RunResult): Promise<void> {
  const snapshot = await readSnapshot(config, ports);
  result.snapshot = snapshot;
  const wanted = snapshot.vaults.filter((v) => v.exists && !usesRbac(v));
  for (const v of snapshot.vaults.filter((s) => !wanted.includes(s))) {
    result.findings.push(guidanceFinding('KVPG-VERIFY-SKIPPED', { vaultId: v.id, message: `Vault ${v.id} was not restored: ${v.exists ? 'it uses Azure RBAC in the snapshot' : 'it did not exist when the snapshot was taken'}.` }));
  }
  const azure = gateway(ports, 'restore');
  const live = await azure.readVaults(wanted.map((v) => v.id));
  const additions: VaultAddition[] = [];
  for (const want of wanted) {
    const now = live.find((l) => l.id.toLowerCase() === want.id.toLowerCase());
    if (!now?.exists || usesRbac(now)) {
      result.findings.push(guidanceFinding('KVPG-VERIFY-SKIPPED', { vaultId: want.id, message: `Vault ${want.id} was not restored: ${now?.exists ? 'it uses Azure RBAC now, so access policies are ignored' : 'it does not exist now'}.` }));
      continue;
    }
    additions.push(...toAddition(want.id, lacking(want, now)));
  }
  const outcome = await write(azure, additions, !config.apply);
  result.afterDeploy = { verified: [], restore: outcome };
  result.findings.push(...restoreFindings(outcome), ...problemsOf(outcome));
}

async function recover(config: RunConfig, ports: RunPorts, result: RunResult): Promise<void> {
  const vaults = await planned(config, ports);
  result.vaults = vaults;
  const azure = gateway(ports, 'recover');
  if (!azure.readChangeHistory) throw new InputError({ code: 'KVPG-USAGE-NO-AZURE', message: 'recover needs Azure Resource Graph', fix: 'sign in with Azure credentials' });
  const now = ports.now?.() ?? new Date();
  for (const v of vaults.filter((p) => p.resolved && p.rbac)) {
    result.findings.push(guidanceFinding('KVPG-VERIFY-SKIPPED', { vaultId: v.id, location: v.location, message: `Vault ${v.id} was not recovered: the template deploys it with Azure RBAC, so its access policies are ignored.` }));
  }
  const ids = unique(vaults.filter((v) => v.resolved && !v.rbac).map((v) => v.id));
  const outcomes = await azure.readChangeHistory(ids, new Date(now.getTime() - HISTORY_DAYS * 86_400_000));
  const recovered: RecoveredVault[] = [];
  const vaultsOut: SnapshotVault[] = [];
  for (const outcome of outcomes) {
    if ('problem' in outcome) {
      result.findings.push(explainProblem(outcome.problem));
      continue;
    }
    const h = outcome.history;
    if (!h.exists || usesRbac(h)) {
      result.findings.push(guidanceFinding('KVPG-VERIFY-SKIPPED', { vaultId: h.vaultId, message: `Vault ${h.vaultId} was not recovered: ${h.exists ? 'it uses Azure RBAC now, so access policies are ignored' : 'it does not exist'}.` }));
      continue;
    }
    try {
      const r = recoverPolicies(h, now);
      recovered.push(r);
      vaultsOut.push({ id: h.vaultId, exists: true, ...(h.tenantId ? { tenantId: h.tenantId } : {}), enableRbacAuthorization: h.enableRbacAuthorization ?? false, accessPolicies: r.entries });
    } catch (error) {
      if (!(error instanceof RecoverError)) throw error;
      result.findings.push(guidanceFinding(error.code as 'KVPG-RECOVER-NOT-EXACT', { vaultId: h.vaultId, message: error.message, ...(error.fix ? { fix: error.fix } : {}) }));
    }
  }
  result.afterDeploy = { verified: [], recovered };
  // A snapshot that leaves out a vault whose history failed would pass for complete: write none then.
  if (result.findings.some((f) => f.level === 'error') || recovered.length === 0) return;
  const earliest = recovered.map((r) => r.change.timestamp).sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
  const snapshot: SnapshotFile = { schemaVersion: 1, takenAt: new Date(earliest).toISOString(), vaults: vaultsOut, source: 'resource-graph', ...(recovered.length === 1 ? { change: recovered[0]!.change } : {}) };
  const path = config.snapshotOut ?? joinPath(config.outputDir, 'keyvault-policy-guard.recovered.snapshot.json');
  await ports.files.writeAtomic(path, serializeSnapshot(snapshot));
  result.snapshot = snapshot;
  result.snapshotPath = path;
  result.findings.push(...recoveredFindings(recovered, path));
}

async function readHistories(azure: AzureGateway, ids: string[], since: Date): Promise<{ histories?: HistoryOutcome[]; skipped?: string }> {
  if (!azure.readChangeHistory) return { skipped: 'this host cannot read Azure Resource Graph' };
  if (Date.now() - since.getTime() > HISTORY_DAYS * 86_400_000) {
    return { skipped: `the snapshot is older than ${HISTORY_DAYS} days, longer than Azure Resource Graph keeps changes` };
  }
  try {
    return { histories: await azure.readChangeHistory(ids, since) };
  } catch (error) {
    if (error instanceof AzureAccessError) return { skipped: error.message };
    throw error;
  }
}

async function write(azure: AzureGateway, additions: VaultAddition[], dryRun: boolean): Promise<RestoreOutcome> {
  const outcome: RestoreOutcome = { dryRun, planned: additions, restored: [], notRestored: [], writeCalls: 0 };
  if (dryRun || additions.length === 0) return outcome;
  if (!azure.addAccessPolicies) throw new InputError({ code: 'KVPG-USAGE-NO-AZURE', message: 'this host cannot write access policies', fix: 'run restore from the CLI' });
  for (const r of await azure.addAccessPolicies(additions)) {
    outcome.writeCalls += r.calls;
    if (r.ok) outcome.restored.push(r.vaultId);
    else outcome.notRestored.push({ vaultId: r.vaultId, problem: r.problem });
  }
  return outcome;
}

function problemsOf(outcome: RestoreOutcome): Finding[] {
  return outcome.notRestored.map((n) => explainProblem(n.problem));
}

function toAddition(vaultId: string, deltas: PrincipalDelta[]): VaultAddition[] {
  const ctx = { vaultId };
  const entries = [...entriesByIdentity(deltas.map((d) => ({ tenantId: d.tenantId, objectId: d.objectId, ...(d.applicationId ? { applicationId: d.applicationId } : {}), permissions: d.permissions })), ctx).values()];
  return entries.length ? [{ vaultId, entries }] : [];
}

/** Per principal of the snapshot: the permissions the live vault lacks. */
function lacking(want: SnapshotVault, now: SnapshotVault): PrincipalDelta[] {
  const ctx = { vaultId: want.id };
  return missing(entriesByIdentity(want.accessPolicies, ctx), entriesByIdentity(now.accessPolicies, ctx));
}

function unique(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => !seen.has(id.toLowerCase()) && (seen.add(id.toLowerCase()), true));
}
