// Who a token speaks for: read claims from a JWT payload without verifying, storing or printing the token.
import type { Principal } from '../core/types.js';

export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** oid, appid (or azp) and tid of an Entra ID access token. */
export function principalFromAccessToken(token: string, subject?: string): Principal {
  const claims = decodeJwtPayload(token) ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const principal: Principal = {};
  const objectId = text(claims.oid);
  const applicationId = text(claims.appid) ?? text(claims.azp);
  const tenantId = text(claims.tid);
  if (objectId) principal.objectId = objectId;
  if (applicationId) principal.applicationId = applicationId;
  if (tenantId) principal.tenantId = tenantId;
  if (subject) principal.subject = subject;
  return principal;
}
