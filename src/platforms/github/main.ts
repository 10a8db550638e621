// The GitHub Action: inputs → RunConfig, ports, run(), then publish — one try/catch turns any error into one failure.
import * as core from '@actions/core';
import { GuardError } from '../../core/errors.js';
import { graphEndpointInput, parseBoolean, sarifTarget, splitLines, toAzureTarget, type AzureTarget } from '../../core/inputs/index.js';
import type { AzureGateway, LogPort, PrincipalDirectory, RunConfig } from '../../core/types.js';
import { cloudOf, hostRunConfig, needsAzure } from '../shared/host-run-config.js';
import { chooseCredential, ENTRA_AUDIENCE } from './choose-credential.js';
import { readActionInputs } from './read-inputs.js';
import pkg from '../../../package.json' with { type: 'json' };


const FAILURE: Record<1 | 2 | 3, string> = {
  1: 'Key Vault policy gates failed: see the annotations and the job summary.',
  2: 'A vault could not be checked: the errors above name the parameters or inputs to give.',
  3: 'Azure could not be read: the errors above say what to grant or fix.',
};

const log: LogPort = { info: (m) => core.info(m), debug: (m) => core.debug(m), mask: (s) => core.setSecret(s) };

export async function run(): Promise<void> {
  try {
    const values = readActionInputs();
    // The SDKs, octokit and the engine load only once the inputs are valid: a misconfigured step fails fast.
    const { expandTemplates } = await import('../shared/expand-templates.js');
    const target = toAzureTarget(values);
    const templates = await expandTemplates(splitLines(values.template), undefined, values.mode);
    const config = hostRunConfig(values, templates, { target, ciTempDirectory: process.env.RUNNER_TEMP ?? '.' });

    const azure = needsAzure(config) ? await connectAzure(config, target, graphEndpointInput(values)) : undefined;
    if (azure === 'offline') config.mode = 'plan';

    const [{ run: runGuard }, { publishResult }, { nodeFiles }] = await Promise.all([import('../../core/run.js'), import('./publish-result.js'), import('../shared/node-files.js')]);
    const online = azure === 'offline' ? undefined : azure;
    const result = await runGuard(config, { files: nodeFiles, log, azure: online, names: online?.names });
    const sarifPath = sarifTarget(values.sarif);
    await publishResult(result, {
      failOn: config.failOn,
      sarifPath,
      ...(values.report ? { reportPath: values.report } : {}),
      writeSarif: nodeFiles.writeAtomic,
      toolVersion: pkg.version,
      githubToken: values['github-token'],
      comment: parseBoolean(values.comment, 'comment', true),
    });
    if (result.exitCode !== 0) {
      core.setFailed(FAILURE[result.exitCode]);
      process.exitCode = result.exitCode;
    }
  } catch (error) {
    core.setFailed(error instanceof GuardError ? error.describe() : `Unexpected failure: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = error instanceof GuardError ? error.exitCode : 1;
  }
}

async function connectAzure(config: RunConfig, target: AzureTarget, graphEndpoint?: string): Promise<(AzureGateway & { names: PrincipalDirectory }) | 'offline'> {
  const choice = chooseCredential({
    target,
    env: process.env,
    getIdToken: reuseFor(4 * 60_000, () => core.getIDToken(ENTRA_AUDIENCE)),
    forkPullRequest: await isForkPullRequest(),
  });
  if (choice.kind === 'offline') {
    core.notice(`No Azure credentials (${choice.reason}): running the offline plan only; live access policies were not checked.`);
    return 'offline';
  }
  core.info(`Signing in with ${choice.description}.`);
  const { createAzureGateway } = await import('../../azure/index.js');
  return createAzureGateway({ credential: choice.credential, cloud: cloudOf(target), concurrency: config.concurrency, log, host: 'github', graph: { endpoint: graphEndpoint } });
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

async function isForkPullRequest(): Promise<boolean> {
  const { context } = await import('@actions/github');
  const pr = context.payload.pull_request as { head?: { repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } } | undefined;
  return !!pr && pr.head?.repo?.full_name !== pr.base?.repo?.full_name;
}
