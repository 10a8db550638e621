// The Azure DevOps task: inputs + service connection → RunConfig, ports, run(), then publish — one try/catch, one result.
import * as tl from 'azure-pipelines-task-lib/task.js';
import { join } from 'node:path';
import { GuardError, InputError } from '../../core/errors.js';
import { countViolations, graphEndpointInput, parseBoolean, parseGuid, sarifTarget, splitLines } from '../../core/inputs/index.js';
import type { LogPort } from '../../core/types.js';
import { hostRunConfig, needsAzure } from '../shared/host-run-config.js';
import pkg from '../../../package.json' with { type: 'json' };
import { readTaskInputs } from './read-inputs.js';
import { summaryFile } from './summary-file.js';
import { readServiceConnection, type EndpointReader } from './service-connection.js';

const log: LogPort = { info: (m) => console.log(m), debug: (m) => tl.debug(m), mask: (s) => tl.setSecret(s) };

const endpoints: EndpointReader = {
  scheme: (id) => tl.getEndpointAuthorizationScheme(id, true),
  authParameter: (id, key) => tl.getEndpointAuthorizationParameter(id, key, true),
  dataParameter: (id, key) => tl.getEndpointDataParameter(id, key, true),
  url: (id) => tl.getEndpointUrl(id, true),
  variable: (name) => (name === 'System.AccessToken' ? systemAccessToken() : tl.getVariable(name) || undefined),
  loc: (key, ...args) => tl.loc(key, ...args),
};

/** The job token; the agent also hands it to tasks as the SystemVssConnection endpoint when the variable is not mapped. */
function systemAccessToken(): string | undefined {
  return tl.getVariable('System.AccessToken') || tl.getEndpointAuthorizationParameter('SystemVssConnection', 'AccessToken', true);
}

export async function run(): Promise<void> {
  // The bundle sits in dist/azdo/ beside the task's task.json two folders up, in the repository and in the .vsix alike.
  tl.setResourcePath(join(__dirname, '..', '..', 'task.json'));
  try {
    const values = readTaskInputs();
    const connectionName = values['connected-service-name'];
    if (!connectionName) {
      throw new InputError({
        code: 'KVPG-INPUT-REQUIRED',
        message: "Input 'azureSubscription' (connectedServiceName) is empty.",
        fix: 'Set azureSubscription to the name of an Azure Resource Manager service connection that can read the vaults.',
      });
    }
    const connection = readServiceConnection(connectionName, endpoints);
    for (const secret of connection.secrets) tl.setSecret(secret);
    // The engine, the SDKs and the REST client load only once the inputs and the connection are valid.
    const { expandTemplates } = await import('../shared/expand-templates.js');
    const templates = await expandTemplates(splitLines(values.template), undefined, values.mode);
    console.log(tl.loc('TemplatesMatched', templates.length, templates.join(', ')));
    const tempDirectory = tl.getVariable('Agent.TempDirectory') ?? process.cwd();
    const config = hostRunConfig(values, templates, { ciTempDirectory: tempDirectory, reportFiles: [{ label: 'the build summary', path: summaryFile(tempDirectory) }] });
    config.subscriptionId ??= parseGuid(connection.subscriptionId, 'connectedServiceName subscriptionId');
    config.tenantId ??= connection.tenantId;
    config.environment ??= connection.environment;

    const readsAzure = needsAzure(config);
    if (readsAzure) console.log(tl.loc('SigningIn', connectionName, connection.description));
    const azure = readsAzure
      ? (await import('../../azure/index.js')).createAzureGateway({ credential: connection.credential, cloud: connection.cloud, concurrency: config.concurrency, log, host: 'azdo', graph: { endpoint: graphEndpointInput(values) } })
      : undefined;

    const [{ run: runGuard }, { publishResult }, { nodeFiles }] = await Promise.all([import('../../core/run.js'), import('./publish-result.js'), import('../shared/node-files.js')]);
    const result = await runGuard(config, { files: nodeFiles, log, azure, names: azure?.names });
    await publishResult(result, {
      failOn: config.failOn,
      sarifPath: sarifTarget(values.sarif),
      ...(values.report ? { reportPath: values.report } : {}),
      writeFile: nodeFiles.writeAtomic,
      toolVersion: pkg.version,
      comment: parseBoolean(values.comment, 'comment', true),
      accessToken: systemAccessToken(),
      tempDirectory,
    });
    const removed = result.diffs.reduce((n, d) => n + d.removedCount, 0);
    console.log(tl.loc('Result', config.mode, result.vaults.length, removed, result.findings.length));
    if (result.exitCode === 0) tl.setResult(tl.TaskResult.Succeeded, '');
    else if (result.exitCode === 3) tl.setResult(tl.TaskResult.Failed, tl.loc('AzureFailed'));
    else if (result.exitCode === 2) tl.setResult(tl.TaskResult.Failed, tl.loc('VaultUnchecked'));
    else tl.setResult(tl.TaskResult.Failed, tl.loc('GateFailed', countViolations(result.findings, config.failOn), config.failOn));
    process.exitCode = result.exitCode;
  } catch (error) {
    tl.setResult(tl.TaskResult.Failed, error instanceof GuardError ? tl.loc('InputFailed', error.describe()) : tl.loc('UnexpectedFailure', (error as Error).stack ?? String(error)));
    process.exitCode = error instanceof GuardError ? error.exitCode : 1;
  }
}
