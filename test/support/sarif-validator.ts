// One ajv validator for the real SARIF 2.1.0 schema, shared by every test that produces SARIF.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sharedPath } from './shared-data.js';

let validator: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(sharedPath('schemas', 'sarif-2.1.0.schema.json'), 'utf8')) as object;
  // The published schema's language pattern is not a valid unicode regexp.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // ajv-formats is CommonJS: under NodeNext its default export arrives wrapped once more.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  return (validator = ajv.compile(schema));
}

/** Throws with ajv's errors when `log` is not valid SARIF 2.1.0. */
export function assertValidSarif(log: unknown): void {
  const validate = sarifValidator();
  if (!validate(log)) throw new Error(`invalid SARIF: ${JSON.stringify(validate.errors, null, 2)}`);
}
