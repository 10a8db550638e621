// Minimal JWT handling for the emulator: HS256 tokens it issues, RS256/PS256 assertions it verifies.
import { createHmac, createPublicKey, createVerify, constants, X509Certificate } from 'node:crypto';

export type Claims = Record<string, unknown>;

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Claims;
  signingInput: string;
  signature: Buffer;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** Signs claims with HS256 under the emulator's own key. */
export function signHs256(payload: Claims, key: string, header: Record<string, unknown> = {}): string {
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      payload: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export function verifyHs256(jwt: DecodedJwt, key: string): boolean {
  if (jwt.header.alg !== 'HS256') return false;
  const expected = createHmac('sha256', key).update(jwt.signingInput).digest();
  return expected.length === jwt.signature.length && expected.equals(jwt.signature);
}

/** Verifies an RS256 or PS256 signature with the public key of a PEM certificate. */
export function verifyWithCertificate(jwt: DecodedJwt, certPem: string): boolean {
  const key = createPublicKey(new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'pem' }));
  const alg = jwt.header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') return false;
  const verifier = createVerify('RSA-SHA256').update(jwt.signingInput);
  return alg === 'PS256'
    ? verifier.verify({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jwt.signature)
    : verifier.verify(key, jwt.signature);
}

/** x5t (SHA-1) and x5t#S256 (SHA-256) thumbprints of a PEM certificate, base64url as JWT headers carry them. */
export function thumbprints(certPem: string): { sha1: string; sha256: string } {
  const cert = new X509Certificate(certPem);
  const hex = (fp: string) => Buffer.from(fp.replace(/:/g, ''), 'hex').toString('base64url');
  return { sha1: hex(cert.fingerprint), sha256: hex(cert.fingerprint256) };
}
