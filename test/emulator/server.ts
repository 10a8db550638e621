// The one HTTPS server: logs every request, reads the body, and offers it to each mounted handler in turn.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTlsMaterial } from './certificates.js';
import type { Scenario } from './scenario.js';
import { createEntraHandler } from './entra.js';
import { createArmHandler } from './arm.js';
import { createOidcHandler } from './oidc-providers.js';
import { createManagedIdentityHandler } from './managed-identity.js';
import { createResourceGraphHandler } from './resource-graph.js';
import { createGraphHandler } from './graph.js';

export type EmulatorRequest = IncomingMessage & { body: string };
/** Returns true when it answered the request. */
export type Handler = (req: EmulatorRequest, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was reset without an answer. */
  status: number;
  time: number;
  durationMs: number;
}

/** Mutable state the handlers share. */
export interface EmulatorState {
  scenario: Scenario;
  /** Base URL, e.g. https://127.0.0.1:PORT */
  url: string;
  /** HS256 key for every token the emulator issues. */
  tokenKey: string;
  /** Requests seen per fault path, so status sequences advance. */
  faultCounters: Map<string, number>;
}

export interface Emulator {
  url: string;
  caPath: string;
  /** The PEM certificate to trust (for in-process clients that pass it as a TLS option). */
  ca: string;
  state: EmulatorState;
  requests: RequestRecord[];
  setScenario(scenario: Scenario): void;
  addHandler(handler: Handler): void;
  /** Waits (up to a second) until every recorded request has its outcome: a client can hold a response before 'finish' fires. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function emptyScenario(): Scenario {
  return { tenants: [], subscriptions: [] };
}

export async function startEmulator(scenario: Scenario = emptyScenario()): Promise<Emulator> {
  const tls = await createTlsMaterial();
  const state: EmulatorState = { scenario, url: '', tokenKey: randomBytes(32).toString('hex'), faultCounters: new Map() };
  const requests: RequestRecord[] = [];
  const extraHandlers: Handler[] = [];
  const builtIn: Handler[] = [
    createEntraHandler(state),
    createOidcHandler(state),
    createManagedIdentityHandler(state),
    createArmHandler(state),
    createResourceGraphHandler(state),
    createGraphHandler(state),
  ];

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    void dispatch(req, res);
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    // arm-authorization sends `//subscriptions/...`; a leading `//` would otherwise parse as a host.
    const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), state.url);
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      time: started,
      durationMs: 0,
    };
    requests.push(record);
    const finish = () => {
      record.status = res.headersSent ? res.statusCode : 0;
      record.durationMs = Date.now() - started;
    };
    res.on('finish', finish);
    res.on('close', finish);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = Object.assign(req, { body: Buffer.concat(chunks).toString('utf8') });
    try {
      for (const handler of [...extraHandlers, ...builtIn]) {
        if (await handler(request, res, url)) return;
      }
      sendJson(res, 404, { error: { code: 'NotFound', message: `The emulator has no route for ${record.method} ${url.pathname}.` } });
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'EmulatorFailure', message: String(error) } });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: state.url,
    caPath: tls.caPath,
    ca: tls.cert,
    state,
    requests,
    setScenario(next) {
      state.scenario = next;
      state.faultCounters.clear();
    },
    addHandler(handler) {
      extraHandlers.push(handler);
    },
    async settled() {
      for (let i = 0; i < 100 && requests.some((r) => r.status === 0 && r.durationMs === 0); i++) await new Promise((r) => setTimeout(r, 10));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
  return true;
}
