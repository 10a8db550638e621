// One sticky pull-request comment per workflow and job: found again by its hidden marker and edited, never duplicated.
import type { getOctokit } from '@actions/github';

type Octokit = ReturnType<typeof getOctokit>;

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export async function upsertStickyComment(
  octokit: Octokit,
  target: StickyCommentTarget,
  marker: string,
  body: string,
): Promise<{ action: 'created' | 'updated'; id: number; url: string }> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const existing = comments.find((c) => c.body?.includes(marker));
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: existing.id, body });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body });
  return { action: 'created', id: data.id, url: data.html_url };
}
