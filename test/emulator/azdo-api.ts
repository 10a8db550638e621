// An Azure DevOps REST fake for pull-request threads, mounted under /_azdo/{org}/ (point SYSTEM_COLLECTIONURI at it).
import { sendJson, type Handler } from './server.js';

export const AZDO_COLLECTION_PATH = '/_azdo/org/';

export interface FakeThread {
  id: number;
  project: string;
  repositoryId: string;
  pullRequestId: number;
  status: number | string;
  comments: { id: number; content: string; parentCommentId: number }[];
}

export interface AzdoApiFake {
  handler: Handler;
  threads: FakeThread[];
  /** Every write, in order: `POST 12`, `PATCH 1/1`. */
  writes: string[];
}

export function createAzdoApiFake(options: { accessToken: string }): AzdoApiFake {
  const threads: FakeThread[] = [];
  const writes: string[] = [];
  let nextId = 1;

  const handler: Handler = (req, res, url) => {
    const m = /^\/_azdo\/org\/([^/]+)\/_apis\/git\/repositories\/([^/]+)\/pullRequests\/(\d+)\/threads(?:\/(\d+)\/comments\/(\d+))?$/.exec(url.pathname);
    if (!m) return false;
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return sendJson(res, 401, { $id: '1', message: 'TF400813: The user is not authorized to access this resource.' });
    }
    if (url.searchParams.get('api-version') !== '7.1') return sendJson(res, 400, { message: 'api-version 7.1 expected' });
    const [project, repositoryId, pr] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), Number(m[3])];
    const mine = (t: FakeThread) => t.project === project && t.repositoryId === repositoryId && t.pullRequestId === pr;
    if (!m[4] && req.method === 'GET') {
      const value = threads.filter(mine);
      return sendJson(res, 200, { value, count: value.length });
    }
    if (!m[4] && req.method === 'POST') {
      const body = JSON.parse(req.body) as { comments: { content: string; parentCommentId?: number }[]; status?: number | string };
      const thread: FakeThread = {
        id: nextId++, project, repositoryId, pullRequestId: pr, status: body.status ?? 1,
        comments: body.comments.map((c, i) => ({ id: i + 1, content: c.content, parentCommentId: c.parentCommentId ?? 0 })),
      };
      threads.push(thread);
      writes.push(`POST ${pr}`);
      return sendJson(res, 200, thread);
    }
    if (m[4] && req.method === 'PATCH') {
      const thread = threads.find((t) => mine(t) && t.id === Number(m[4]));
      const comment = thread?.comments.find((c) => c.id === Number(m[5]));
      if (!comment) return sendJson(res, 404, { message: 'thread or comment not found' });
      comment.content = (JSON.parse(req.body) as { content: string }).content;
      writes.push(`PATCH ${thread!.id}/${comment.id}`);
      return sendJson(res, 200, comment);
    }
    return sendJson(res, 405, { message: `${req.method} not supported` });
  };
  return { handler, threads, writes };
}
