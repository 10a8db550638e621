// Injected failures for one ARM path: status sequences, connection resets, truncated bodies, latency.
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { EmulatorState } from './server.js';

export const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

const FAULT_BODIES: Record<number, { code: string; message: string }> = {
  401: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' },
  403: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform this action.' },
  429: { code: 'TooManyRequests', message: 'The request is being throttled. Please try again later.' },
  500: { code: 'InternalServerError', message: 'Encountered internal server error.' },
  502: { code: 'BadGateway', message: 'The gateway did not receive a response from the resource provider.' },
  503: { code: 'ServiceUnavailable', message: 'The service is unavailable. Please try again later.' },
  504: { code: 'GatewayTimeout', message: 'The gateway did not receive a response within the specified time period.' },
};

/** Answers the request with the path's next fault, if any; returns whether it did. */
export async function applyFault(state: EmulatorState, path: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  const key = path.toLowerCase();
  const fault = Object.entries(state.scenario.faults ?? {}).find(([p]) => p.replace(/\/+/g, '/').toLowerCase() === key)?.[1];
  if (!fault) return false;
  // Counted before the delay, so a request still waiting when the scenario changes cannot advance the new one's counter.
  let n = state.faultCounters.get(key) ?? 0;
  state.faultCounters.set(key, n + 1);
  if (n < (fault.passFirst ?? 0)) return false;
  n -= fault.passFirst ?? 0;
  if (n < (fault.slowRequests ?? Infinity)) await sleep(fault.latencyMs ?? 0);
  if (n < (fault.reset ?? 0)) {
    res.socket?.destroy();
    return true;
  }
  n -= fault.reset ?? 0;
  if (n < (fault.truncate ?? 0)) {
    res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    res.end('{"id":"/subscriptions/');
    return true;
  }
  n -= fault.truncate ?? 0;
  const status = fault.statuses?.[n];
  if (status === undefined) return false;
  const extra: Record<string, string> = { ...headers, 'content-type': 'application/json; charset=utf-8' };
  if ((status === 429 || status === 503) && fault.retryAfter !== undefined) extra['retry-after'] = String(fault.retryAfter);
  const body = FAULT_BODIES[status] ?? { code: 'Error', message: `Injected status ${status}.` };
  const text = JSON.stringify({ error: { ...body, message: `${body.message} Tracking id '${randomUUID()}'.` } });
  res.writeHead(status, extra);
  res.end(text);
  return true;
}
