// A local HTTP CONNECT proxy for the az peer: az's MSAL asks login.microsoftonline.com for instance discovery
// whatever the cloud, so this proxy plays that one host itself (TLS with its own certificate) and points MSAL at
// the emulator. Every other host is refused and remembered: the bench must never reach a real network.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createAppCertificate } from '../../test/emulator/certificates.js';

export const DISCOVERY_HOST = 'login.microsoftonline.com';

export interface DiscoveryProxy {
  /** http://127.0.0.1:PORT, for HTTPS_PROXY. */
  url: string;
  /** PEM certificate the proxy presents for login.microsoftonline.com (add it to REQUESTS_CA_BUNDLE). */
  cert: string;
  /** Discovery requests answered, e.g. `GET /common/discovery/instance?...`. */
  answered: string[];
  /** `host:port` (or request line) of everything refused. */
  refused: string[];
  close(): Promise<void>;
}

/** `emulatorUrl`: the only authority host the proxy will vouch for (https://127.0.0.1:PORT). */
export async function startDiscoveryProxy(emulatorUrl: string): Promise<DiscoveryProxy> {
  // selfsigned's default extensions name the host in subjectAltName, as Python's TLS check requires.
  const pems = await createAppCertificate(DISCOVERY_HOST);
  const answered: string[] = [];
  const refused: string[] = [];
  const emulatorHost = new URL(emulatorUrl).host;

  const discovery = createHttpsServer({ key: pems.privateKey, cert: pems.certificate }, (req, res) => {
    answered.push(`${req.method} ${req.url}`);
    answerDiscovery(req, res, emulatorHost);
  });
  const proxy = createHttpServer((req, res) => {
    // A plain-HTTP proxy request (GET http://host/...): never forwarded.
    refused.push(`${req.method} ${req.url}`);
    res.writeHead(403, { 'content-type': 'text/plain' }).end('The bench proxy forwards nothing.\n');
  });
  const sockets = new Set<Socket>();
  proxy.on('connection', (socket: Socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
    const target = req.url ?? '';
    if (target.toLowerCase() !== `${DISCOVERY_HOST}:443`) {
      refused.push(target);
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    // The tunnel's far end is our own HTTPS server: hand it the raw socket, it does the TLS handshake.
    discovery.emit('connection', socket);
  });

  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    cert: pems.certificate,
    answered,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        discovery.close();
        proxy.close(() => resolve());
      }),
  };
}

/**
 * MSAL's instance discovery: `?authorization_endpoint=https://HOST/TENANT/oauth2/v2.0/authorize`. Answered only
 * for the emulator's host, with the tenant's OpenID configuration on the emulator; anything else is an unknown
 * instance, as Entra would say.
 */
function answerDiscovery(req: IncomingMessage, res: ServerResponse, emulatorHost: string): void {
  const url = new URL(req.url ?? '/', `https://${DISCOVERY_HOST}`);
  const send = (status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
  };
  const endpoint = url.searchParams.get('authorization_endpoint') ?? '';
  const authorize = /^https:\/\/([^/:]+)(?::\d+)?\/([^/]+)\/oauth2\/(?:v2\.0\/)?authorize$/i.exec(endpoint);
  // MSAL drops the authority's port when it builds this URL: match the host name, answer with host and port.
  if (req.method !== 'GET' || !url.pathname.endsWith('/discovery/instance') || !authorize || authorize[1] !== new URL(`https://${emulatorHost}`).hostname) {
    send(400, { error: 'invalid_instance', error_description: `AADSTS50049: Unknown or invalid instance (the bench proxy knows only ${emulatorHost}).` });
    return;
  }
  send(200, {
    tenant_discovery_endpoint: `https://${emulatorHost}/${authorize[2]}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: emulatorHost, preferred_cache: emulatorHost, aliases: [emulatorHost] }],
  });
}
