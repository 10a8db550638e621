// One sticky pull-request thread per pipeline and job, through the Azure DevOps REST API: found by its hidden marker and edited.

export interface PullRequestTarget {
  /** SYSTEM_COLLECTIONURI, e.g. https://dev.azure.com/org/ */
  collectionUri: string;
  project: string;
  repositoryId: string;
  pullRequestId: string;
  accessToken: string;
}

interface Thread {
  id: number;
  comments?: { id: number; content?: string }[];
}

export class AzureDevOpsRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'AzureDevOpsRequestError';
  }
}

export async function upsertStickyThread(target: PullRequestTarget, marker: string, content: string): Promise<{ action: 'created' | 'updated'; threadId: number }> {
  const base = `${target.collectionUri.replace(/\/?$/, '/')}${encodeURIComponent(target.project)}/_apis/git/repositories/${encodeURIComponent(target.repositoryId)}/pullRequests/${encodeURIComponent(target.pullRequestId)}/threads`;
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${target.accessToken}`, 'content-type': 'application/json', accept: 'application/json', 'x-tfs-fedauthredirect': 'Suppress' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new AzureDevOpsRequestError(response.status, `${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : {}) as T;
  };

  const { value: threads } = await call<{ value: Thread[] }>('GET', `${base}?api-version=7.1`);
  const existing = threads.find((t) => t.comments?.[0]?.content?.includes(marker));
  if (existing) {
    const commentId = existing.comments![0]!.id;
    await call('PATCH', `${base}/${existing.id}/comments/${commentId}?api-version=7.1`, { content });
    return { action: 'updated', threadId: existing.id };
  }
  const created = await call<Thread>('POST', `${base}?api-version=7.1`, {
    comments: [{ parentCommentId: 0, content, commentType: 1 }],
    status: 1,
  });
  return { action: 'created', threadId: created.id };
}
