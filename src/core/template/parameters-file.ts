// ARM deployment parameters files: `{"parameters": {"x": {"value": ...} | {"reference": {...}}}}`, nothing else.
import { InputError } from '../errors.js';
import type { SourceLocation } from '../types.js';
import type { Value } from './expression/index.js';
import { findProperty, nodeValue, properties, propertyValue } from './json-nodes.js';
import { isParametersSchema, isTemplateSchema, notA, parseJsoncText, type TemplateDocument } from './jsonc-document.js';

export interface ParametersFile {
  file: string;
  /** Values by parameter name as written; Key Vault references become `{ "$unresolved": reason }`. */
  values: Record<string, Value>;
  /** Where each parameter is named in the file. */
  locations: Record<string, SourceLocation>;
  /** Set when the file declares the deployment-template `$schema`: read anyway, as ARM's tooling does, with this said. */
  schemaWarning?: { message: string; fix: string; location: SourceLocation };
}

const SHAPE = 'each parameter must be {"value": ...} or {"reference": {"keyVault": {"id": ...}, "secretName": ...}}';

/**
 * Values by parameter name; Key Vault references become `{ "$unresolved": reason }`. With the template, names are
 * checked against its declarations and given its spelling.
 */
export function parseParametersFile(file: string, text: string, template?: TemplateDocument): Record<string, Value> {
  const parsed = readParametersFile(file, text);
  return template === undefined ? parsed.values : bindParameters(template, parsed);
}

export function readParametersFile(file: string, text: string): ParametersFile {
  const doc = parseJsoncText(file, text);
  const root = doc.root;
  const schemaNode = propertyValue(root, '$schema');
  if (root.type !== 'object') throw notA(doc, 'a deployment parameters file', 'the file is not a JSON object');
  // Some published samples (Azure Stack's among them) give parameters files the template schema; ARM reads `parameters`.
  const templateSchema = schemaNode !== undefined && isTemplateSchema(schemaNode.value);
  if (templateSchema && propertyValue(root, 'resources') !== undefined) {
    throw notA(doc, 'a deployment parameters file', 'it is a deployment template (it has a "resources" section): pass it as the template instead', schemaNode.offset);
  }
  if (schemaNode !== undefined && !templateSchema && !isParametersSchema(schemaNode.value)) {
    throw notA(doc, 'a deployment parameters file', `its $schema is ${String(schemaNode.value)}`, schemaNode.offset);
  }
  const params = propertyValue(root, 'parameters');
  if (params?.type !== 'object') {
    throw notA(doc, 'a deployment parameters file', 'it has no "parameters" object (plain {"name": value} files are not an ARM shape)');
  }
  const values: Record<string, Value> = {};
  const locations: Record<string, SourceLocation> = {};
  for (const { key, value } of properties(params)) {
    const name = String(key.value);
    locations[name] = doc.locate(key.offset);
    const direct = findProperty(value, 'value');
    const reference = propertyValue(value, 'reference');
    if (direct) {
      values[name] = nodeValue(direct.value, doc.text) as Value;
    } else if (reference !== undefined) {
      const secret = propertyValue(reference, 'secretName')?.value;
      const vaultId = propertyValue(propertyValue(reference, 'keyVault'), 'id')?.value;
      const what = reference.type === 'object' ? `secret ${String(secret)} in ${String(vaultId)}` : String(reference.value);
      values[name] = { $unresolved: `parameter ${name} is a Key Vault reference (${what}) read at deployment time` };
    } else {
      throw notA(doc, 'a deployment parameters file', `parameter "${name}" has neither "value" nor "reference": ${SHAPE}`, key.offset);
    }
  }
  const parsed: ParametersFile = { file, values, locations };
  if (templateSchema) {
    parsed.schemaWarning = {
      message: `${file} declares the deployment-template $schema (${String(schemaNode.value)}) but is a parameters file; its "parameters" object was read, as ARM's tooling reads it.`,
      fix: `Set its "$schema" to "${PARAMETERS_SCHEMA_URL}" so every tool reads it as a parameters file.`,
      location: doc.locate(schemaNode.offset),
    };
  }
  return parsed;
}

const PARAMETERS_SCHEMA_URL = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

/**
 * The file's values keyed by the template's own spelling; a name the template does not declare is refused,
 * as ARM refuses it at deployment.
 */
export function bindParameters(template: TemplateDocument, parameters: ParametersFile): Record<string, Value> {
  const declared = new Map<string, string>();
  const types = new Map<string, string>();
  for (const { key, value } of properties(propertyValue(template.root, 'parameters'))) {
    declared.set(String(key.value).toLowerCase(), String(key.value));
    types.set(String(key.value).toLowerCase(), String(propertyValue(value, 'type')?.value ?? '').toLowerCase());
  }
  const bound: Record<string, Value> = {};
  for (const [name, value] of Object.entries(parameters.values)) {
    const own = declared.get(name.toLowerCase());
    if (own === undefined) {
      const known = [...declared.values()];
      throw new InputError({
        code: 'KVPG-PARAMETERS-UNKNOWN',
        message: `${parameters.file} sets parameter "${name}", which ${template.file} does not declare; ARM would reject the deployment.`,
        fix: `Remove "${name}" from the parameters file or declare it in the template's parameters${known.length ? ` (declared: ${known.join(', ')})` : ''}.`,
        location: parameters.locations[name],
      });
    }
    const mismatch = typeMismatch(types.get(name.toLowerCase()) ?? '', value);
    if (mismatch) {
      throw new InputError({
        code: 'KVPG-PARAMETERS-TYPE',
        message: `${parameters.file} gives parameter "${name}" ${mismatch}; ARM would reject the deployment.`,
        fix: `Give "${name}" a value of the type ${template.file} declares.`,
        location: parameters.locations[name],
      });
    }
    bound[own] = value;
  }
  return bound;
}

/** Only mismatches ARM refuses outright (a number for a string, a string for an object, ...); Key Vault references pass. */
function typeMismatch(type: string, value: Value): string | undefined {
  if (value === null || (typeof value === 'object' && !Array.isArray(value) && '$unresolved' in value)) return undefined;
  const actual = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  const wants: Record<string, (v: Value) => boolean> = {
    string: (v) => typeof v === 'string',
    securestring: (v) => typeof v === 'string',
    object: (v) => typeof v === 'object' && !Array.isArray(v),
    secureobject: (v) => typeof v === 'object' && !Array.isArray(v),
    array: (v) => Array.isArray(v),
    int: (v) => typeof v === 'number' || typeof v === 'string',
    bool: (v) => typeof v === 'boolean' || typeof v === 'string',
  };
  const ok = wants[type];
  return ok === undefined || ok(value) ? undefined : `${actual} where the template declares type ${type}`;
}
