// The CLI's real work, loaded after argument parsing: inputs → run() → rendered result.
import { createAzureGateway, type CredentialSpec } from '../../azure/index.js';
import { sarifTarget, splitLines, toAzureTarget, type AzureTarget } from '../../core/inputs/index.js';
import { permissionModelOf } from '../../core/permission-model/index.js';
import { renderDiffText, sarifText } from '../../core/report/index.js';
import { renderMigrationMarkdown } from '../../core/migrate/migration-markdown.js';
import { run } from '../../core/run.js';
import type { AzureGateway, LogPort, RunConfig, RunResult } from '../../core/types.js';
import { compileBicep } from '../shared/bicep-compiler.js';
import { expandTemplates } from '../shared/expand-templates.js';
import { cloudOf, hostRunConfig, needsAzure } from '../shared/host-run-config.js';
import { nodeFiles } from '../shared/node-files.js';
import { renderFinding } from './render-finding.js';
import type { ParsedCli } from './parse-cli-args.js';
import type { CliIo } from './main.js';

export async function execute(io: CliIo, cli: ParsedCli): Promise<number> {
  const values: Record<string, string> = { ...cli.values, mode: cli.command ?? 'inject' };
  // The cloud is validated in every mode: `environment()` in a template evaluates to it even in an offline plan.
  const target = toAzureTarget(values);
  const config = hostRunConfig(values, await expandTemplates(splitLines(values.template)), { target });
  const log: LogPort = { info: (m) => io.stderr(m + '\n'), debug: (m) => (io.env.KVPG_DEBUG ? io.stderr(m + '\n') : undefined) };
  const azure = needsAzure(config) ? gatewayFromEnv(target, io.env, config, log) : undefined;
  const result = await run(config, { files: nodeFiles, log, azure, compileBicep });
  const sarifPath = sarifTarget(values.sarif);
  if (sarifPath) await nodeFiles.writeAtomic(sarifPath, sarifText(result, { toolVersion: io.version }));
  io.stdout(cli.format === 'json' ? renderJson(result) : renderText(result));
  return result.exitCode;
}

/** AZURE_CLIENT_ID/AZURE_TENANT_ID (+ secret, certificate or federated token file) or else the az session. */
function gatewayFromEnv(target: AzureTarget, env: CliIo['env'], config: RunConfig, log: LogPort): AzureGateway {
  // --client-id/--tenant-id name the app and tenant; the secret, certificate or federated token stays in AZURE_*.
  const signIn = { ...env, AZURE_CLIENT_ID: target.clientId ?? env.AZURE_CLIENT_ID, AZURE_TENANT_ID: target.tenantId ?? env.AZURE_TENANT_ID };
  const credential: CredentialSpec =
    signIn.AZURE_CLIENT_ID && signIn.AZURE_TENANT_ID ? { kind: 'environment', env: signIn } : { kind: 'azure-cli', tenantId: target.tenantId };
  return createAzureGateway({ credential, cloud: cloudOf(target), concurrency: config.concurrency, log, host: 'cli' });
}

function renderJson(result: RunResult): string {
  const vaults = result.vaults.map((v) => ({
    id: v.id,
    template: v.location.file,
    line: v.location.line,
    column: v.location.column,
    resolved: v.resolved,
    rbac: v.rbac,
    permissionModel: permissionModelOf(v),
    ...(v.permission ? { permissionModelReason: v.permission.reason } : {}),
    accessPoliciesForm: v.accessPoliciesForm,
    ...(v.reason ? { reason: v.reason } : {}),
    ...(v.missingParameters?.length ? { missingParameters: v.missingParameters } : {}),
    ...(v.notes?.length ? { notes: v.notes } : {}),
  }));
  const body: Record<string, unknown> = { vaults };
  if (result.mode !== 'plan') {
    Object.assign(body, {
      snapshotPath: result.snapshotPath,
      templates: result.written,
      removedCount: result.removedCount,
      diffs: result.diffs,
      findings: result.findings,
      ...(result.migration ? { migration: result.migration } : {}),
      exitCode: result.exitCode,
    });
  }
  return JSON.stringify(body, null, 2) + '\n';
}

function renderText(result: RunResult): string {
  const lines: string[] = [];
  const listVaults = result.mode === 'plan' || result.vaults.some((v) => !v.resolved);
  if (!listVaults) lines.push(`${result.vaults.length} vault(s) planned from ${new Set(result.vaults.map((v) => v.location.file)).size} template(s)`);
  for (const v of listVaults ? result.vaults : []) {
    const where = `${v.location.file}:${v.location.line}:${v.location.column}`;
    const model = permissionModelOf(v);
    const status = !v.resolved
      ? `unresolved: ${v.reason}`
      : model === 'rbac'
        ? 'RBAC (access policies ignored)'
        : model === 'rbac-if-created'
          ? `${v.accessPoliciesForm}; RBAC if created`
          : v.accessPoliciesForm;
    lines.push(`${where}: ${v.id} [${status}]`);
    if (v.missingParameters?.length) lines.push(`  missing parameters: ${v.missingParameters.join(', ')} (pass --parameter name=value)`);
  }
  if (result.vaults.length === 0) lines.push('no Key Vault is deployed by these templates');
  if (result.unguardedDiffs?.some((d) => d.removedCount > 0)) {
    lines.push('', 'Deployed as written, the templates would remove:', renderDiffText(result.unguardedDiffs).trimEnd());
    lines.push('', 'With the live policies injected:');
  } else if (result.diffs.length) {
    lines.push('');
  }
  if (result.diffs.length) lines.push(renderDiffText(result.diffs).trimEnd());
  if (result.migration) lines.push('', renderMigrationMarkdown(result.migration).trimEnd());
  if (result.snapshotPath) lines.push('', `snapshot: ${result.snapshotPath}`);
  for (const path of result.written) lines.push(`written: ${path}`);
  if (result.findings.length) lines.push('', ...result.findings.map(renderFinding));
  return lines.join('\n') + '\n';
}
