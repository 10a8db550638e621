// Typed errors: a stable code, a message that says what to do, where, and the exit code it maps to.
import type { AccessProblem, SourceLocation } from './types.js';

export type ExitCode = 1 | 2 | 3;

export interface GuardErrorOptions {
  code: string;
  message: string;
  /** What the user should do about it. */
  fix?: string;
  location?: Partial<SourceLocation> & { file: string };
  cause?: unknown;
}

/** Base for every error the tool reports on purpose. */
export class GuardError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly location?: Partial<SourceLocation> & { file: string };
  readonly exitCode: ExitCode = 2;

  constructor(options: GuardErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.fix = options.fix;
    this.location = options.location;
  }

  /** `file:line:column: message (fix)` — the one line a log reader needs. */
  describe(): string {
    const where = this.location ? formatLocation(this.location) + ': ' : '';
    return `${where}${this.code}: ${this.message}${this.fix ? `\n  fix: ${this.fix}` : ''}`;
  }
}

/** Bad input or usage: exit 2. */
export class InputError extends GuardError {}

/**
 * `check` without a location, and again with `locate()`'s only when it throws an InputError: a valid input never
 * pays for finding a position, which for an entry of a large file costs more than checking it.
 */
export function locatedOnFailure<T>(check: (location?: SourceLocation) => T, locate: () => SourceLocation | undefined): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return check(locate());
  }
}

/** Azure could not be read or the identity lacks rights: exit 3. */
export class AzureAccessError extends GuardError {
  override readonly exitCode: ExitCode = 3;
  /** Every typed problem met (one per failed vault, or the authentication failure). */
  readonly problems: AccessProblem[];
  constructor(options: GuardErrorOptions & { problems?: AccessProblem[] }) {
    super(options);
    this.problems = options.problems ?? [];
  }
}

export function formatLocation(loc: Partial<SourceLocation> & { file: string }): string {
  if (loc.line === undefined) return loc.file;
  return `${loc.file}:${loc.line}:${loc.column ?? 1}`;
}
