// Shows a run's result where GitHub users look: annotations, the job summary, step outputs, SARIF and the sticky PR comment.
import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import { outputValues } from '../../core/inputs/index.js';
import { commentMarker, renderJobSummary, renderPrComment, renderResultJson, toAnnotations, sarifText } from '../../core/report/index.js';
import type { FailOn, RunResult } from '../../core/types.js';
import { upsertStickyComment } from './pr-comment.js';

export interface PublishOptions {
  failOn: FailOn;
  sarifPath?: string;
  /** The whole result as JSON, never shortened. */
  reportPath?: string;
  writeSarif: (path: string, text: string) => Promise<void>;
  toolVersion: string;
  /** Token for the comment; no token, no comment. */
  githubToken?: string;
  comment: boolean;
}

export async function publishResult(result: RunResult, options: PublishOptions): Promise<void> {
  // Annotations attach to files by path relative to the repository root.
  const baseDir = process.env.GITHUB_WORKSPACE || process.cwd();
  for (const a of toAnnotations(result.findings, { baseDir })) {
    const properties: core.AnnotationProperties = { title: a.title, file: a.file, startLine: a.startLine, startColumn: a.startColumn };
    if (a.level === 'error') core.error(a.message, properties);
    else if (a.level === 'warning') core.warning(a.message, properties);
    else core.notice(a.message, properties);
  }

  await core.summary.addRaw(renderJobSummary(result, { baseDir }), true).write();

  if (options.sarifPath) {
    await options.writeSarif(options.sarifPath, sarifText(result, { toolVersion: options.toolVersion, baseDir }));
    core.info(`SARIF written to ${options.sarifPath}`);
  }
  if (options.reportPath) {
    await options.writeSarif(options.reportPath, renderResultJson(result));
    core.info(`Report written to ${options.reportPath}`);
  }

  for (const [name, value] of Object.entries(outputValues(result, options))) core.setOutput(name, value);

  if (options.comment && options.githubToken && context.payload.pull_request) await commentOnPullRequest(result, options.githubToken, baseDir);
}

async function commentOnPullRequest(result: RunResult, token: string, baseDir: string): Promise<void> {
  // One comment per workflow and job, so a matrix or a second workflow keeps its own.
  const key = `${context.workflow}/${context.job}`;
  try {
    const body = renderPrComment(result, { marker: key, baseDir });
    const outcome = await upsertStickyComment(getOctokit(token), { ...context.repo, issueNumber: context.issue.number }, commentMarker(key), body);
    core.info(`Pull request comment ${outcome.action}: ${outcome.url}`);
  } catch (error) {
    // A comment is a convenience: a read-only token (e.g. fork PRs) must not fail the gate.
    core.warning(`Could not write the pull request comment (${(error as Error).message}). Give the job \`permissions: pull-requests: write\`.`);
  }
}
