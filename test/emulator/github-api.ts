// A GitHub REST fake for issue comments, mounted on the emulator under /_github/api (point GITHUB_API_URL at it).
import { sendJson, type Handler } from './server.js';

export const GITHUB_API_PREFIX = '/_github/api';

export interface FakeComment {
  id: number;
  body: string;
  issueNumber: number;
  repo: string;
}

export interface GitHubApiFake {
  handler: Handler;
  comments: FakeComment[];
  /** Every write, in order: `POST 7`, `PATCH 1001`. */
  writes: string[];
}

export function createGitHubApiFake(options: { token: string; pageSize?: number }): GitHubApiFake {
  const comments: FakeComment[] = [];
  const writes: string[] = [];
  let nextId = 1000;
  const pageSize = options.pageSize ?? 30;

  const handler: Handler = (req, res, url) => {
    if (!url.pathname.startsWith(`${GITHUB_API_PREFIX}/`)) return false;
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) {
      return sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const path = url.pathname.slice(GITHUB_API_PREFIX.length);
    const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(path);
    if (list && req.method === 'GET') {
      const [repo, issue] = [list[1]!, Number(list[2])];
      const all = comments.filter((c) => c.repo === repo && c.issueNumber === issue);
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? pageSize), pageSize);
      const page = Number(url.searchParams.get('page') ?? '1');
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return sendJson(res, 200, slice.map(toApi), headers);
    }
    if (list && req.method === 'POST') {
      const comment = { id: nextId++, body: (JSON.parse(req.body) as { body: string }).body, issueNumber: Number(list[2]), repo: list[1]! };
      comments.push(comment);
      writes.push(`POST ${comment.issueNumber}`);
      return sendJson(res, 201, toApi(comment));
    }
    const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (one && req.method === 'PATCH') {
      const comment = comments.find((c) => c.id === Number(one[2]) && c.repo === one[1]);
      if (!comment) return sendJson(res, 404, { message: 'Not Found' });
      comment.body = (JSON.parse(req.body) as { body: string }).body;
      writes.push(`PATCH ${comment.id}`);
      return sendJson(res, 200, toApi(comment));
    }
    return sendJson(res, 404, { message: `Not Found: ${req.method} ${path}` });
  };
  return { handler, comments, writes };
}

function toApi(c: FakeComment) {
  return { id: c.id, body: c.body, html_url: `https://github.example/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`, user: { login: 'github-actions[bot]' } };
}
