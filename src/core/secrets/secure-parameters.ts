// Values of the templates' secure parameters (securestring, secureObject): masked on the host the moment they are
// known, and written as *** in everything a run logs, returns or throws. Templates the run writes keep their bytes.
import { GuardError } from '../errors.js';
import type { LoadedTemplate } from '../load-templates.js';
import type { LogPort } from '../types.js';

const SECURE_TYPES = new Set(['securestring', 'secureobject']);
/** Shorter values are not masked: replacing every "1" or "yes" in a report would hide more than it protects. */
const MIN_LENGTH = 4;
/** Strings inside a secureObject shorter than this are settings, not secrets (see collectStrings). */
const MIN_LEAF_LENGTH = 8;
const MASK = '***';

/**
 * Every value a secure parameter gets in this run: from an override, the parameters file, or a literal default. A value
 * the run also gives a plain parameter is not secret (ARM shows plain parameters in the deployment history), and
 * masking it would hide, say, the vault name a sample's parameters file sets to the same placeholder.
 */
export function secureParameterValues(templates: readonly LoadedTemplate[]): string[] {
  const secure = new Set<string>();
  const plain = new Set<string>();
  for (const t of templates) {
    collectLevel(objectOf(t.doc.value), [t.overrides, t.parameters], secure, plain);
  }
  return [...secure].filter((value) => !plain.has(value));
}

/**
 * One template level's parameters: their supplied values and literal defaults, then those of each inline nested
 * deployment, whose `parameters` pass values (literal ones are known here) to its own declarations.
 */
function collectLevel(template: Record<string, unknown> | undefined, supplied: (Record<string, unknown> | undefined)[], secure: Set<string>, plain: Set<string>): void {
  const declared = objectOf(template?.parameters);
  for (const [name, declaration] of Object.entries(declared ?? {})) {
    const type = objectOf(declaration)?.type;
    const into = typeof type === 'string' && SECURE_TYPES.has(type.toLowerCase()) ? secure : plain;
    for (const value of [...supplied.map((values) => valueOf(values, name)), objectOf(declaration)?.defaultValue]) {
      if (!isExpression(value)) collectStrings(value, into);
    }
  }
  for (const resource of resourcesOf(template)) {
    const properties = objectOf(resource.properties);
    const inner = objectOf(properties?.template);
    if (inner === undefined) continue;
    const passed: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(objectOf(properties?.parameters) ?? {})) passed[name] = objectOf(p)?.value;
    collectLevel(inner, [passed], secure, plain);
  }
}

function resourcesOf(template: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const resources = template?.resources;
  const list = Array.isArray(resources) ? resources : Object.values(objectOf(resources) ?? {});
  return list.flatMap((r) => {
    const resource = objectOf(r);
    return resource ? [resource, ...resourcesOf(resource)] : [];
  });
}

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('[') && !value.startsWith('[[');
}

/**
 * Replaces the values it is given (as written, JSON-escaped, URL-encoded and in base64) with ***, longest first. The
 * values arrive through the log port it wraps: whoever learns a secret masks it there (loadTemplates does).
 */
export class Redactor {
  private forms: string[] = [];

  get empty(): boolean {
    return this.forms.length === 0;
  }

  add(secret: string): void {
    const forms = new Set(this.forms);
    // Ids compare case-insensitively, so a report may print a secure GUID as the live vault spells it.
    const spellings = [secret, secret.toLowerCase(), secret.toUpperCase()];
    for (const form of spellings.flatMap((v) => [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v), Buffer.from(v, 'utf8').toString('base64')])) {
      if (form.length >= MIN_LENGTH) forms.add(form);
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  text(s: string): string {
    let out = s;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out;
  }

  /** A copy of plain JSON-like data (objects, arrays) with every string and key redacted. */
  deep<T>(value: T): T {
    if (this.empty) return value;
    return this.copy(value) as T;
  }

  private copy(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.copy(v));
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.copy(v);
    return out;
  }

  /** The same error with its message, fix and stack redacted. */
  error(error: unknown): unknown {
    if (this.empty || !(error instanceof Error)) return error;
    const fields: Record<string, unknown> = { message: this.text(error.message) };
    if (error.stack) fields.stack = this.text(error.stack);
    if (error instanceof GuardError && error.fix) fields.fix = this.text(error.fix);
    for (const [key, value] of Object.entries(fields)) Object.defineProperty(error, key, { value, configurable: true, writable: true });
    return error;
  }

  /** The log port the run uses: each line redacted; `mask` passes the value to the host's log and redacts it here too. */
  log(log: LogPort): LogPort {
    return {
      info: (m) => log.info(this.empty ? m : this.text(m)),
      debug: (m) => log.debug(this.empty ? m : this.text(m)),
      mask: (secret) => {
        log.mask?.(secret);
        this.add(secret);
      },
    };
  }
}

/**
 * A securestring's value, and of a secureObject its JSON and each string in it of 8 characters or more: shorter ones
 * ("list", "true", a mode) are settings that also spell permission names and flags, which masking them would corrupt.
 * Numbers and booleans are never masked.
 */
function collectStrings(value: unknown, into: Set<string>, minLength = MIN_LENGTH): void {
  if (typeof value === 'string') {
    if (value.length >= minLength) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, into, MIN_LEAF_LENGTH);
  } else if (value !== null && typeof value === 'object') {
    // A Key Vault reference the parameters file gives: the secret itself is never here.
    if ('$unresolved' in value) return;
    const json = JSON.stringify(value);
    if (json !== '{}') into.add(json);
    for (const v of Object.values(value)) collectStrings(v, into, MIN_LEAF_LENGTH);
  }
}

function valueOf(values: Record<string, unknown> | undefined, name: string): unknown {
  if (values === undefined) return undefined;
  if (Object.hasOwn(values, name)) return values[name];
  const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : values[key];
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
