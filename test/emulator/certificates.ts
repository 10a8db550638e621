// Certificates made at start-up: the emulator's TLS identity and app certificates for client assertions.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** PEM file holding the certificate, for NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE. */
  caPath: string;
}

/**
 * A self-signed certificate valid for IP 127.0.0.1 and localhost, written to a temp file so children can trust it.
 * ECDSA P-256: signing a handshake costs the emulator far less CPU than RSA-2048, so a burst of parallel
 * connections measures the client rather than the emulator (ARM's TLS front ends do not share our cores).
 */
export async function createTlsMaterial(): Promise<TlsMaterial> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), 'kvpg-emulator-'));
  const caPath = join(dir, 'ca.pem');
  await writeFile(caPath, pems.cert);
  return { key: pems.private, cert: pems.cert, caPath };
}

/** An app certificate: PEM holding the private key followed by the certificate, as ClientCertificateCredential reads it. */
export async function createAppCertificate(commonName: string): Promise<{ certificate: string; privateKey: string; combinedPem: string }> {
  const pems = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256' });
  return { certificate: pems.cert, privateKey: pems.private, combinedPem: `${pems.private}\n${pems.cert}` };
}
