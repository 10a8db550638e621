// Shows a run's result where Azure DevOps users look: logged issues, the build summary tab, output variables, the PR thread.
import * as tl from 'azure-pipelines-task-lib/task.js';
import { camelCaseName, outputValues } from '../../core/inputs/index.js';
import { AZDO_COMMENT_LIMIT, commentMarker, renderJobSummary, renderPrComment, renderResultJson, toAnnotations, sarifText } from '../../core/report/index.js';
import type { FailOn, RunResult } from '../../core/types.js';
import { upsertStickyThread } from './pr-thread.js';
import { summaryFile } from './summary-file.js';

export interface PublishOptions {
  failOn: FailOn;
  sarifPath?: string;
  /** The whole result as JSON, never shortened. */
  reportPath?: string;
  writeFile: (path: string, text: string) => Promise<void>;
  toolVersion: string;
  comment: boolean;
  /** System.AccessToken for the pull request thread; none, no thread. */
  accessToken?: string;
  tempDirectory: string;
}

export async function publishResult(result: RunResult, options: PublishOptions): Promise<void> {
  // Issues link to files by path relative to the sources folder.
  const baseDir = tl.getVariable('Build.SourcesDirectory') || process.cwd();
  toAnnotations(result.findings, { baseDir }).forEach((a) => {
    // Azure DevOps has issues for errors and warnings only; notices are plain log lines.
    if (a.level === 'notice') console.log(`${a.file ? `${a.file}:${a.startLine ?? 1}: ` : ''}${a.title}: ${a.message}`);
    else tl.logIssue(a.level === 'error' ? tl.IssueType.Error : tl.IssueType.Warning, `${a.title}: ${a.message}`, a.file, a.startLine, a.startColumn, a.code);
  });

  const summaryPath = summaryFile(options.tempDirectory);
  await options.writeFile(summaryPath, renderJobSummary(result, { baseDir }));
  tl.uploadSummary(summaryPath);

  if (options.sarifPath) {
    await options.writeFile(options.sarifPath, sarifText(result, { toolVersion: options.toolVersion, baseDir }));
    console.log(tl.loc('SarifWritten', options.sarifPath));
  }
  if (options.reportPath) {
    await options.writeFile(options.reportPath, renderResultJson(result));
    console.log(`Report written to ${options.reportPath}`);
  }
  if (result.snapshotPath) console.log(tl.loc('SnapshotWritten', result.snapshotPath));

  for (const [name, value] of Object.entries(outputValues(result, options))) tl.setVariable(camelCaseName(name), value, false, true);

  if (options.comment && tl.getVariable('Build.Reason') === 'PullRequest') await commentOnPullRequest(result, options.accessToken, baseDir);
}

async function commentOnPullRequest(result: RunResult, accessToken: string | undefined, baseDir: string): Promise<void> {
  if (!accessToken) {
    console.log(tl.loc('PrThreadNoToken'));
    return;
  }
  // One thread per pipeline and job, so several pipelines on one pull request keep their own.
  const key = `${tl.getVariable('System.DefinitionId') ?? ''}/${tl.getVariable('System.JobName') ?? tl.getVariable('Agent.JobName') ?? ''}`;
  try {
    const outcome = await upsertStickyThread(
      {
        collectionUri: tl.getVariable('System.CollectionUri') ?? tl.getVariable('System.TeamFoundationCollectionUri') ?? '',
        project: tl.getVariable('System.TeamProject') ?? '',
        repositoryId: tl.getVariable('Build.Repository.ID') ?? '',
        pullRequestId: tl.getVariable('System.PullRequest.PullRequestId') ?? '',
        accessToken,
      },
      commentMarker(key),
      renderPrComment(result, { marker: key, baseDir, limit: AZDO_COMMENT_LIMIT - 1 }),
    );
    console.log(tl.loc(outcome.action === 'created' ? 'PrThreadCreated' : 'PrThreadUpdated', outcome.threadId));
  } catch (error) {
    // The thread is a convenience: a build service without "Contribute to pull requests" must not fail the gate.
    tl.warning(tl.loc('PrThreadFailed', (error as Error).message));
  }
}
