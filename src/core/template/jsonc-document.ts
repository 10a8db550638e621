// A template file as ARM reads it (comments, trailing commas, raw line breaks in strings) with positions kept.
import { parseTree, printParseErrorCode, visit, type Node, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { InputError } from '../errors.js';
import { offsetLocator } from '../text-position.js';
import type { SourceLocation } from '../types.js';
import { nodeValue, propertyValue } from './json-nodes.js';
import { strictJsonTree } from './strict-json-tree.js';

export type { Node as JsonNode } from 'jsonc-parser';
export { parseParametersFile } from './parameters-file.js';

export interface TemplateDocument {
  file: string;
  /** The file's text exactly as read (BOM included). */
  text: string;
  bom: boolean;
  /** The line ending the file mostly uses; inserted text follows it. */
  eol: '\n' | '\r\n';
  root: Node;
  /** The plain value of the whole file (strings with raw line breaks decoded as ARM does). */
  value: unknown;
  /** 1-based line and column of a 0-based offset into `text`. */
  locate(offset: number): SourceLocation;
}

/** ParseErrorCode.InvalidCharacter (a const enum, not importable under isolatedModules). */
const INVALID_CHARACTER = 16;
const TEMPLATE_SCHEMA = /deploymenttemplate\.json/i;
const PARAMETERS_SCHEMA = /deploymentparameters\.json/i;

/** Parses any ARM JSON file (template or parameters); throws KVPG-TEMPLATE-JSON with file:line:column. */
export function parseJsoncText(file: string, text: string): TemplateDocument {
  assertUtf8(file, text);
  const bom = text.charCodeAt(0) === 0xfeff;
  const locate = offsetLocator(file, text);
  const parsed = (root: Node, value: unknown): TemplateDocument => ({ file, text, bom, eol: dominantEol(text), root, value, locate });
  // Strict JSON (most templates): native decoding, and positions only for the containers someone reads.
  const strict = plainValue(text, bom);
  if (strict !== undefined) return parsed(strictJsonTree(text, bom ? 1 : 0), strict);
  const errors: ParseError[] = [];
  const root = parseTree(blankOutTolerated(text), errors, { allowTrailingComma: true, disallowComments: false });
  // Control characters inside strings are accepted by ARM; jsonc-parser reports them but keeps the string.
  const fatal = errors.filter((e) => e.error !== INVALID_CHARACTER);
  if (fatal.length > 0 || root === undefined) {
    const first = fatal[0];
    const where = locate(first?.offset ?? 0);
    throw new InputError({
      code: 'KVPG-TEMPLATE-JSON',
      message: `${file} is not valid JSON: ${first ? describeParseError(first.error) : 'the file is empty'} at line ${where.line}, column ${where.column}.`,
      fix: 'Fix the JSON at that position (ARM accepts // and /* */ comments and trailing commas, nothing else); `az deployment group validate` shows the same problem.',
      location: where,
    });
  }
  return parsed(root, nodeValue(root, text));
}

/**
 * A UTF-16 file read as UTF-8 starts with two replacement characters (its byte order mark) or carries a NUL byte beside
 * every ASCII character: say so, rather than "invalid symbol at line 1".
 */
export function assertUtf8(file: string, text: string): void {
  const head = text.slice(0, 64);
  if (!head.startsWith('\uFFFD\uFFFD') && !head.includes('\u0000')) return;
  throw new InputError({
    code: 'KVPG-FILE-ENCODING',
    message: `${file} is not UTF-8 text: it looks UTF-16 (or UTF-32) encoded, as PowerShell 5's Out-File and > redirection and some Windows editors save.`,
    fix: 'Save it as UTF-8 (with or without BOM), e.g. `Get-Content in.json | Set-Content -Encoding utf8 out.json`, or in the editor\'s "Save with encoding".',
    location: { file, line: 1, column: 1 },
  });
}

/** Strict JSON (most templates) decodes an order of magnitude faster natively; JSONC falls back to the tree. */
function plainValue(text: string, bom: boolean): unknown {
  // JSON.parse accepts nothing ARM's JSONC would refuse, so a success is also a complete syntax check.
  try {
    return JSON.parse(bom ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
}

/** The first error ARM would reject `text` for, or undefined: a scan without building a tree. */
export function firstSyntaxError(text: string): ParseError | undefined {
  if (plainValue(text, text.charCodeAt(0) === 0xfeff) !== undefined) return undefined;
  let first: ParseError | undefined;
  let values = 0;
  visit(blankOutTolerated(text), {
    onError: (error, offset, length) => {
      if (first === undefined && error !== INVALID_CHARACTER) first = { error, offset, length };
    },
    onObjectBegin: () => void values++,
    onArrayBegin: () => void values++,
    onLiteralValue: () => void values++,
  }, { allowTrailingComma: true, disallowComments: false });
  return first ?? (values === 0 ? { error: 1 as ParseErrorCode, offset: 0, length: 0 } : undefined);
}

/** Parses a deployment template; a file with another `$schema` (such as a parameters file) is refused. */
export function parseTemplateText(file: string, text: string): TemplateDocument {
  const doc = parseJsoncText(file, text);
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw notA(doc, 'a deployment template', 'the file is not a JSON object');
  }
  const schema = (value as Record<string, unknown>)['$schema'];
  if (typeof schema === 'string' && !TEMPLATE_SCHEMA.test(schema)) {
    const hint = PARAMETERS_SCHEMA.test(schema) ? ' (this is a parameters file: pass it as the parameters file instead)' : '';
    // Point at the $schema value, as the parameters-file check does.
    throw notA(doc, 'a deployment template', `its $schema is ${schema}${hint}`, propertyValue(doc.root, '$schema')?.offset ?? 0);
  }
  if (schema === undefined && !('resources' in (value as object))) {
    throw notA(doc, 'a deployment template', 'it has neither a $schema nor a resources section');
  }
  return doc;
}

export function isTemplateSchema(schema: unknown): boolean {
  return typeof schema === 'string' && TEMPLATE_SCHEMA.test(schema);
}

export function isParametersSchema(schema: unknown): boolean {
  return typeof schema === 'string' && PARAMETERS_SCHEMA.test(schema);
}

export function notA(doc: TemplateDocument, what: string, why: string, offset = 0): InputError {
  return new InputError({
    code: 'KVPG-TEMPLATE-SCHEMA',
    message: `${doc.file} is not ${what}: ${why}.`,
    fix:
      what === 'a deployment template'
        ? 'Pass an ARM deployment template ($schema .../deploymentTemplate.json#); compile .bicep files first or let the tool do it.'
        : 'Use the ARM parameters file shape: {"$schema": ".../deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {"name": {"value": ...}}}.',
    location: doc.locate(offset),
  });
}

/**
 * Same-length copy of `text` that jsonc-parser accepts: the BOM and raw line breaks inside strings become spaces,
 * so every offset still points at the original character.
 */
function blankOutTolerated(text: string): string {
  let out: string[] | undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (i === 1) out = [' '];
  let copiedTo = i;
  const flush = (to: number) => {
    out ??= [];
    out.push(text.slice(copiedTo, to));
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n' || text[i] === '\r') {
          flush(i);
          out!.push(' ');
          copiedTo = i + 1;
        }
        i++;
      }
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else i++;
  }
  if (out === undefined) return text;
  flush(text.length);
  return out.join('');
}

function dominantEol(text: string): '\n' | '\r\n' {
  if (!text.includes('\r')) return '\n';
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

function describeParseError(code: ParseErrorCode): string {
  const words = printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words;
}
