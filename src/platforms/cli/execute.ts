// The CLI's real work, loaded after argument parsing: inputs → run() → rendered result.
import { tmpdir } from 'node:os';
import type { CredentialSpec, InstrumentedGateway } from '../../azure/index.js';
import { graphEndpointInput, sarifTarget, splitLines, toAzureTarget, type AzureTarget } from '../../core/inputs/index.js';
import { renderResultJson, renderRunText, sarifText } from '../../core/report/index.js';
import { run } from '../../core/run.js';
import type { LogPort, RunConfig } from '../../core/types.js';
import { compileBicep, compileBicepParams } from '../shared/bicep-compiler.js';
import { expandTemplates } from '../shared/expand-templates.js';
import { cloudOf, hostRunConfig, needsAzure } from '../shared/host-run-config.js';
import { nodeFiles } from '../shared/node-files.js';
import type { ParsedCli } from './parse-cli-args.js';
import type { CliIo } from './main.js';

export async function execute(io: CliIo, cli: ParsedCli): Promise<number> {
  const values: Record<string, string> = { ...cli.values, mode: cli.command ?? 'inject' };
  // The cloud is validated in every mode: `environment()` in a template evaluates to it even in an offline plan.
  const target = toAzureTarget(values);
  const config = hostRunConfig(values, await expandTemplates(splitLines(values.template), undefined, values.mode), { target, snapshotFallbackDirectory: tmpdir() });
  const log: LogPort = { info: (m) => io.stderr(m + '\n'), debug: (m) => (io.env.KVPG_DEBUG ? io.stderr(m + '\n') : undefined) };
  const azure = needsAzure(config) ? await gatewayFromEnv(target, io.env, config, log, graphEndpointInput(values)) : undefined;
  const result = await run(config, { files: nodeFiles, log, azure, names: azure?.names, compileBicep, compileBicepParams });
  const sarifPath = sarifTarget(values.sarif);
  if (sarifPath) await nodeFiles.writeAtomic(sarifPath, sarifText(result, { toolVersion: io.version }));
  const json = cli.format === 'json' || values.report ? renderResultJson(result) : '';
  if (values.report) await nodeFiles.writeAtomic(values.report, json);
  io.stdout(cli.format === 'json' ? json : renderRunText(result, { verbose: cli.verbose }));
  return result.exitCode;
}

/** AZURE_CLIENT_ID/AZURE_TENANT_ID (+ secret, certificate or federated token file) or else the az session. */
async function gatewayFromEnv(target: AzureTarget, env: CliIo['env'], config: RunConfig, log: LogPort, graphEndpoint?: string): Promise<InstrumentedGateway> {
  // --client-id/--tenant-id name the app and tenant; the secret, certificate or federated token stays in AZURE_*.
  const signIn = { ...env, AZURE_CLIENT_ID: target.clientId ?? env.AZURE_CLIENT_ID, AZURE_TENANT_ID: target.tenantId ?? env.AZURE_TENANT_ID };
  const credential: CredentialSpec =
    signIn.AZURE_CLIENT_ID && signIn.AZURE_TENANT_ID ? { kind: 'environment', env: signIn } : { kind: 'azure-cli', tenantId: target.tenantId };
  // The SDKs load only when Azure is read: an inject from a snapshot file would otherwise compile them for nothing.
  const { createAzureGateway } = await import('../../azure/index.js');
  return createAzureGateway({ credential, cloud: cloudOf(target), concurrency: config.concurrency, log, host: 'cli', graph: { endpoint: graphEndpoint } });
}
