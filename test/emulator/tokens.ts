// Tokens the emulator mints: ARM access tokens and federated (GitHub / Azure DevOps style) id tokens.
import { randomUUID } from 'node:crypto';
import { decodeJwt, signHs256, verifyHs256, type Claims } from './jwt.js';
import type { EmulatorState } from './server.js';

export interface AccessTokenSubject {
  tenantId: string;
  objectId: string;
  appId: string;
  audience: string;
  expired?: boolean;
  lifetimeSeconds?: number;
}

export function issueAccessToken(state: EmulatorState, subject: AccessTokenSubject): { token: string; expiresIn: number } {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = subject.lifetimeSeconds ?? 3599;
  const exp = subject.expired ? now - 600 : now + expiresIn;
  const token = signHs256(
    {
      aud: subject.audience,
      iss: `https://sts.windows.net/${subject.tenantId}/`,
      iat: now,
      nbf: now,
      exp,
      appid: subject.appId,
      azp: subject.appId,
      idtyp: 'app',
      oid: subject.objectId,
      sub: subject.objectId,
      tid: subject.tenantId,
      uti: randomUUID(),
      ver: '1.0',
    },
    state.tokenKey,
  );
  return { token, expiresIn };
}

/** An OIDC id token as GitHub or Azure DevOps would present it to Entra ID. */
export function issueFederatedToken(
  state: EmulatorState,
  claims: { iss: string; sub: string; aud: string; lifetimeSeconds?: number } & Claims,
): string {
  const now = Math.floor(Date.now() / 1000);
  const { lifetimeSeconds, ...rest } = claims;
  return signHs256({ jti: randomUUID(), nbf: now - 5, iat: now, exp: now + (lifetimeSeconds ?? 300), ...rest }, state.tokenKey, {
    kid: 'emulator-oidc',
  });
}

/** Claims of a token this emulator issued, or undefined if it did not (or it was altered). */
export function verifyEmulatorToken(state: EmulatorState, token: string): Claims | undefined {
  const jwt = decodeJwt(token);
  if (!jwt || !verifyHs256(jwt, state.tokenKey)) return undefined;
  return jwt.payload;
}
