// Turns a failed ARM call into the typed AccessProblem the core explains to users.
import { isRestError } from '@azure/core-rest-pipeline';
import { AzureAccessError } from '../core/errors.js';
import type { AccessProblem, Principal } from '../core/types.js';
import { errorMessage } from './guarded-credential.js';

export function problemFromArmError(error: unknown, context: { vaultId?: string; principal?: Principal }): AccessProblem {
  if (error instanceof AzureAccessError && error.problems.length > 0) return error.problems[0]!;
  const attempts = (error as { attempts?: number }).attempts ?? 1;
  const where = context.vaultId ? { vaultId: context.vaultId } : {};
  if (isRestError(error)) {
    const status = error.statusCode;
    const armCode = typeof error.code === 'string' ? error.code : undefined;
    const message = armMessage(error);
    if (status === 401 || status === 403) {
      return { kind: 'forbidden', status, message, ...(armCode ? { armCode } : {}), ...where, ...(context.principal ? { principal: context.principal } : {}) };
    }
    if (status === 429) return { kind: 'throttled', ...where, attempts, message: `ARM throttled the request ${attempts} times: ${message}` };
    return { kind: 'server-error', ...where, ...(status === undefined ? {} : { status }), message: `${message} (after ${attempts} attempt${attempts === 1 ? '' : 's'})` };
  }
  return { kind: 'server-error', ...where, message: `${errorMessage(error)} (after ${attempts} attempt${attempts === 1 ? '' : 's'})` };
}

/** ARM's own `error.message` when the body carried one; the SDK's message otherwise. */
function armMessage(error: { message: string; details?: unknown }): string {
  const details = error.details as { error?: { message?: unknown } } | undefined;
  const inner = details?.error?.message;
  return typeof inner === 'string' && inner !== '' ? inner : error.message;
}

/** Vault ids ARM reports as absent (the vault, or its whole resource group). */
export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404 && error.code !== 'SubscriptionNotFound';
}

export function summarise(problems: AccessProblem[], total: number, what: string): string {
  const lines = problems.slice(0, 5).map((p) => `  - ${'vaultId' in p && p.vaultId ? `${p.vaultId}: ` : ''}${'message' in p ? p.message : p.kind}`);
  const more = problems.length > 5 ? `\n  - ... and ${problems.length - 5} more` : '';
  return `Could not ${what} ${problems.length} of ${total} Key Vault(s):\n${lines.join('\n')}${more}`;
}
