// Errors of the expression language: syntax, evaluation, and "only known at deployment time".
import { InputError } from '../../errors.js';

/**
 * The value cannot be known offline: a runtime function, a parameter without a value, an unknown deployment
 * context field. Not a template mistake; callers report it as "unresolved" with `reason`.
 */
export class UnresolvedError extends Error {
  readonly code = 'KVPG-EXPR-UNRESOLVED';
  readonly reason: string;
  /** Parameters whose missing values made the expression unresolvable (names as written in the template). */
  readonly missingParameters: string[];
  /** Deployment context the caller did not give (`location`, `resourceGroup`, `subscription`, `managementGroup`, `tenant`). */
  readonly missingContext: MissingContext[];

  constructor(reason: string, missingParameters: string[] = [], missingContext: MissingContext[] = []) {
    // Expected control flow, thousands per large template, never printed with a stack: capturing one cost 7 % of an
    // 800-vault inject.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason);
    Error.stackTraceLimit = limit;
    this.name = 'UnresolvedError';
    this.reason = reason;
    this.missingParameters = missingParameters;
    this.missingContext = missingContext;
  }

  /** One error that says everything several unresolved arguments said (reasons and parameters de-duplicated). */
  static combine(errors: UnresolvedError[]): UnresolvedError {
    if (errors.length === 1) return errors[0]!;
    // Reasons already combined are split again, so one cause is said once however deep it was found.
    const reasons = unique(errors.flatMap((e) => e.reason.split('; ')));
    const missing = unique(errors.flatMap((e) => e.missingParameters));
    return new UnresolvedError(reasons.join('; '), missing, unique(errors.flatMap((e) => e.missingContext)));
  }
}

/** The expression text is not valid ARM expression syntax. `offset` is 0-based into `expression`. */
export class ExpressionSyntaxError extends InputError {
  readonly offset: number;
  readonly expression: string;

  constructor(detail: string, expression: string, offset: number) {
    super({
      code: 'KVPG-EXPR-SYNTAX',
      message: `${detail} at offset ${offset} in expression "${expression}"`,
      fix: 'Correct the template expression; it must also fail to deploy as written.',
    });
    this.offset = offset;
    this.expression = expression;
  }

  /** The same error, re-based onto a longer string that contains the expression at `shift`. */
  within(text: string, shift: number): ExpressionSyntaxError {
    const detail = this.message.replace(/ at offset \d+ in expression "[\s\S]*"$/, '');
    return new ExpressionSyntaxError(detail, text, this.offset + shift);
  }
}

/** The expression is well-formed but wrong: bad argument type, missing property, index out of range. */
export class ExpressionEvaluationError extends InputError {
  constructor(message: string) {
    super({
      code: 'KVPG-EXPR-EVAL',
      message,
      fix: 'Correct the template expression; Azure Resource Manager would reject it too.',
    });
  }
}

/** The deployment context a plan can be given on the command line or as host inputs. */
export type MissingContext = 'location' | 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

function unique<T extends string>(items: T[]): T[] {
  return [...new Set(items)];
}
