// A value evaluated offline, or why it could not be: what the planner passes around instead of throwing.
import { evaluateValue, UnresolvedError, type MissingContext, type Value } from './expression/index.js';
import type { TemplateScope } from './template-scope.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Where resources of one template level are deployed. */
export interface Target {
  subscriptionId: Outcome<string>;
  resourceGroup: Outcome<string>;
}

export function attempt(work: () => Value): Outcome<Value> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    if (error instanceof UnresolvedError || isEvaluationError(error)) return { ok: false, error };
    throw error;
  }
}

/** Expression evaluation mistakes (bad types, missing properties) make a value unknown, not the whole run fail. */
function isEvaluationError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'KVPG-EXPR-EVAL' || code === 'KVPG-TEMPLATE-VARIABLE';
}

export function evaluateTo(raw: unknown, scope: TemplateScope): Outcome<string> {
  const result = attempt(() => evaluateValue(raw, scope));
  if (!result.ok) return result;
  if (typeof result.value !== 'string') return fail(`it evaluates to ${JSON.stringify(result.value)}, not a string`);
  return { ok: true, value: result.value };
}

export function reasonOf(error: unknown): string {
  return error instanceof UnresolvedError ? error.reason : error instanceof Error ? error.message : String(error);
}

export function missingOf(error: unknown): string[] {
  return error instanceof UnresolvedError ? error.missingParameters : [];
}

export function missingContextOf(error: unknown): MissingContext[] {
  return error instanceof UnresolvedError ? error.missingContext : [];
}

export function fail(reason: string, missingContext?: MissingContext): Outcome<never> {
  return { ok: false, error: new UnresolvedError(reason, [], missingContext ? [missingContext] : []) };
}
