// The GitHub Action: inputs → RunConfig, ports, run(), then publish — one try/catch turns any error into one failure.
import * as core from '@actions/core';
import { context } from '@actions/github';
import { join } from 'node:path';
import { createAzureGateway, type CloudSpec } from '../../azure/index.js';
import { GuardError } from '../../core/errors.js';
import { parseBoolean, sarifTarget, splitLines, toAzureTarget, toRunConfig, type AzureTarget } from '../../core/inputs/index.js';
import { run as runGuard } from '../../core/run.js';
import type { AzureGateway, LogPort, RunConfig } from '../../core/types.js';
import { expandTemplates } from '../shared/expand-templates.js';
import { nodeFiles } from '../shared/node-files.js';
import { chooseCredential, ENTRA_AUDIENCE } from './choose-credential.js';
import { publishResult } from './publish-result.js';
import { readActionInputs } from './read-inputs.js';
import pkg from '../../../package.json' with { type: 'json' };


const log: LogPort = { info: (m) => core.info(m), debug: (m) => core.debug(m) };

export async function run(): Promise<void> {
  try {
    const values = readActionInputs();
    const target = toAzureTarget(values);
    const templates = await expandTemplates(splitLines(values.template));
    const inPlace = values['output-dir'] ? 'false' : 'true';
    const config: RunConfig = {
      ...toRunConfig({ ...values, 'in-place': inPlace }, templates),
      tenantId: target.tenantId,
      environment: target.environment === 'custom' ? undefined : target.environment,
    };
    config.snapshotOut ??= join(process.env.RUNNER_TEMP ?? '.', 'keyvault-policy-guard.snapshot.json');

    const azure = config.mode === 'plan' || config.snapshotIn ? undefined : connectAzure(config, target);
    if (azure === 'offline') config.mode = 'plan';

    const result = await runGuard(config, { files: nodeFiles, log, azure: azure === 'offline' ? undefined : azure });
    const sarifPath = sarifTarget(values.sarif);
    await publishResult(result, {
      failOn: config.failOn,
      sarifPath,
      writeSarif: nodeFiles.writeAtomic,
      toolVersion: pkg.version,
      githubToken: values['github-token'],
      comment: parseBoolean(values.comment, 'comment', true),
    });
    if (result.exitCode !== 0) {
      core.setFailed(result.exitCode === 3 ? 'Azure could not be read: the errors above say what to grant or fix.' : 'Key Vault policy gates failed: see the annotations and the job summary.');
      process.exitCode = result.exitCode;
    }
  } catch (error) {
    core.setFailed(error instanceof GuardError ? error.describe() : `Unexpected failure: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = error instanceof GuardError ? error.exitCode : 1;
  }
}

function connectAzure(config: RunConfig, target: AzureTarget): AzureGateway | 'offline' {
  const choice = chooseCredential({
    target,
    env: process.env,
    getIdToken: reuseFor(4 * 60_000, () => core.getIDToken(ENTRA_AUDIENCE)),
    forkPullRequest: isForkPullRequest(),
  });
  if (choice.kind === 'offline') {
    core.notice(`No Azure credentials (${choice.reason}): running the offline plan only; live access policies were not checked.`);
    return 'offline';
  }
  core.info(`Signing in with ${choice.description}.`);
  const cloud: CloudSpec = target.armEndpoint && target.authorityHost ? { armEndpoint: target.armEndpoint, authorityHost: target.authorityHost, name: target.environment } : target.environment;
  return createAzureGateway({ credential: choice.credential, cloud, subscriptionId: config.subscriptionId, concurrency: config.concurrency, log, host: 'github' });
}

/** GitHub id-tokens live 5 minutes and core.getIDToken masks each one: fetch one per window, not one per ARM token. */
function reuseFor(ms: number, fetch: () => Promise<string>): () => Promise<string> {
  let cached: { at: number; token: Promise<string> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > ms) cached = { at: Date.now(), token: fetch() };
    const { token } = cached;
    token.catch(() => (cached = undefined));
    return token;
  };
}

function isForkPullRequest(): boolean {
  const pr = context.payload.pull_request as { head?: { repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } } | undefined;
  return !!pr && pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
}
