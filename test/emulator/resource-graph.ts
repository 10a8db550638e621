// Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources` answering `resourcechanges` queries.
// Response shape: rest-examples/resourcegraph/2022-10-01/ResourcesBasicQuery.json (totalRecords, count, resultTruncated,
// facets, data; $skipToken paging as in ResourcesFirstPageQuery.json); rows: resourcechanges-doc-examples.md.
import { randomUUID } from 'node:crypto';
import { applyFault } from './arm-faults.js';
import { authenticate } from './arm.js';
import { grantsAt, isAllowed } from './arm-permissions.js';
import type { ResourceChangeRow } from './scenario.js';
import { sendJson, type EmulatorState, type Handler } from './server.js';

/** Azure Resource Graph keeps property-level changes for 14 days. */
export const RETENTION_DAYS = 14;
const DEFAULT_TOP = 100;

const armError = (code: string, message: string) => ({ error: { code, message } });

export function createResourceGraphHandler(state: EmulatorState): Handler {
  return async (req, res, url) => {
    const path = url.pathname.replace(/\/+/g, '/');
    if (!/^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(path)) return false;
    const headers: Record<string, string> = { 'x-ms-request-id': randomUUID(), 'x-ms-correlation-request-id': randomUUID() };
    const send = (status: number, body: unknown) => sendJson(res, status, body, headers);
    const caller = authenticate(state, req, res, headers);
    if (!caller) return true;
    if (await applyFault(state, path, res, headers)) return true;
    if (req.method !== 'POST') return send(405, armError('MethodNotAllowed', 'Use POST.'));
    if (!url.searchParams.get('api-version')) return send(400, armError('MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'));
    let body: { subscriptions?: string[]; query?: string; options?: { $top?: number; top?: number; $skipToken?: string; skipToken?: string } };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return send(400, armError('BadRequest', 'The request body is not valid JSON.'));
    }
    const query = body.query ?? '';
    const filter = parseChangesQuery(query);
    if (!filter) {
      return send(400, armError('BadRequest', `The emulator answers only resourcechanges queries filtered by targetResourceId in~ (...) and changeTime > datetime(...); got: ${query.slice(0, 200)}`));
    }
    const subscriptions = new Set((body.subscriptions ?? []).map((s) => s.toLowerCase()));
    const oldest = Date.now() - RETENTION_DAYS * 86_400_000;
    // Resource Graph returns only rows of resources the caller may read; it does not answer 403 per resource.
    const rows = (state.scenario.resourceChanges ?? [])
      .filter((r) => subscriptions.has(r.subscriptionId.toLowerCase()))
      .filter((r) => filter.ids.has(r.properties.targetResourceId.toLowerCase()))
      .filter((r) => {
        const t = Date.parse(r.properties.changeAttributes.timestamp);
        return t > oldest && t > filter.after;
      })
      .filter((r) => isAllowed(grantsAt(state.scenario, caller.objectId, r.properties.targetResourceId), 'Microsoft.KeyVault/vaults/read'))
      .sort((a, b) => Date.parse(b.properties.changeAttributes.timestamp) - Date.parse(a.properties.changeAttributes.timestamp));
    const top = Math.min(1000, body.options?.top ?? body.options?.$top ?? DEFAULT_TOP);
    const token = body.options?.skipToken ?? body.options?.$skipToken;
    const skip = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
    const page = rows.slice(skip, skip + top).map(project);
    const next = skip + top < rows.length ? Buffer.from(String(skip + top)).toString('base64') : undefined;
    return send(200, { totalRecords: rows.length, count: page.length, resultTruncated: 'false', ...(next ? { $skipToken: next } : {}), facets: [], data: page });
  };
}

/** `targetResourceId in~ ('a', 'b')` and `changeTime > datetime(ISO)` from the query text. */
function parseChangesQuery(query: string): { ids: Set<string>; after: number } | undefined {
  if (!/^\s*resourcechanges\b/i.test(query)) return undefined;
  const list = /targetResourceId\s+in~\s*\(([^)]*)\)/i.exec(query)?.[1];
  const after = /changeTime\s*>\s*datetime\(([^)]+)\)/i.exec(query)?.[1];
  if (list === undefined || after === undefined) return undefined;
  const ids = new Set([...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'").toLowerCase()));
  return { ids, after: Date.parse(after) };
}

/** `project targetResourceId, changeType, changeAttributes, changes`, as the reader asks. */
function project(row: ResourceChangeRow) {
  const p = row.properties;
  return { targetResourceId: p.targetResourceId, changeType: p.changeType, changeAttributes: p.changeAttributes, changes: p.changes };
}
