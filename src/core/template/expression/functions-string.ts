// String functions: concat, format, case, trim, replace, split, substring, search, encodings, hashes.
import { formatComposite } from './format-composite.js';
import {
  argArray,
  argInt,
  argString,
  argValue,
  eager,
  evaluationError,
  wrongType,
  type FunctionTable,
} from './function-table.js';
import { guid } from './guid.js';
import { parseJsonLenient } from './parse-json-lenient.js';
import { uniqueString } from './unique-string.js';
import { checkMarkersDeep, toArmString, typeName, type Value } from './value.js';

const MAX_PADDED_LENGTH = 4 * 1024 * 1024;

export const STRING_FUNCTIONS: FunctionTable = {
  concat: eager(0, Infinity, (args) => {
    const values = args.map((_, i) => argValue('concat', args, i));
    if (values.length > 0 && values.every((v) => Array.isArray(v) || v === null)) {
      return values.flatMap((v) => (v === null ? [] : (v as Value[])));
    }
    return values
      .map((v, i) => {
        if (Array.isArray(v) || (typeof v === 'object' && v !== null)) {
          throw wrongType('concat', i, 'a string (or every argument an array)', typeName(v));
        }
        return toArmString(v);
      })
      .join('');
  }),
  format: eager(1, Infinity, (args) =>
    formatComposite(
      argString('format', args, 0),
      args.slice(1).map((_, i) => argValue('format', args, i + 1)),
    ),
  ),
  string: eager(1, 1, (args) => toArmString(checkMarkersDeep(argValue('string', args, 0)))),
  tolower: eager(1, 1, (args) => argString('toLower', args, 0).toLowerCase()),
  toupper: eager(1, 1, (args) => argString('toUpper', args, 0).toUpperCase()),
  trim: eager(1, 1, (args) => argString('trim', args, 0).trim()),
  replace: eager(3, 3, (args) => {
    const [text, oldValue, newValue] = [0, 1, 2].map((i) => argString('replace', args, i));
    if (oldValue === '') throw evaluationError('replace() cannot replace an empty string.');
    return text!.split(oldValue!).join(newValue!);
  }),
  split: eager(2, 2, (args) => {
    const text = argString('split', args, 0);
    const delimiter = argValue('split', args, 1);
    const delimiters = Array.isArray(delimiter) ? delimiter.map((_, i) => argString('split', delimiter, i)) : [argString('split', args, 1)];
    return splitAny(text, delimiters);
  }),
  substring: eager(1, 3, (args) => {
    const text = argString('substring', args, 0);
    const start = args.length > 1 ? argInt('substring', args, 1) : 0;
    const length = args.length > 2 ? argInt('substring', args, 2) : text.length - start;
    if (start < 0 || start > text.length || length < 0 || start + length > text.length) {
      throw evaluationError(
        `substring('${text}', ${start}, ${length}): the index and length must refer to a location within the string of length ${text.length}.`,
      );
    }
    return text.substring(start, start + length);
  }),
  startswith: eager(2, 2, (args) =>
    argString('startsWith', args, 0).toLowerCase().startsWith(argString('startsWith', args, 1).toLowerCase()),
  ),
  endswith: eager(2, 2, (args) =>
    argString('endsWith', args, 0).toLowerCase().endsWith(argString('endsWith', args, 1).toLowerCase()),
  ),
  padleft: eager(2, 3, (args) => {
    const value = argValue('padLeft', args, 0);
    if (typeof value !== 'string' && typeof value !== 'number') throw wrongType('padLeft', 0, 'a string or integer', typeName(value));
    const padding = args.length > 2 ? argString('padLeft', args, 2) : ' ';
    if (padding.length !== 1) throw evaluationError('padLeft() padding must be exactly one character.');
    const total = argInt('padLeft', args, 1);
    // A padded string longer than a whole template (4 MB) can only exhaust memory.
    if (total > MAX_PADDED_LENGTH) throw evaluationError(`padLeft() totalLength must be at most ${MAX_PADDED_LENGTH}, not ${total}.`);
    return String(value).padStart(total, padding);
  }),
  join: eager(2, 2, (args) =>
    argArray('join', args, 0)
      .map((item, i) => {
        if (typeof item === 'object' && item !== null) throw wrongType('join', 0, 'an array of strings', `an array holding ${typeName(item)} at ${i}`);
        return toArmString(item);
      })
      .join(argString('join', args, 1)),
  ),
  json: eager(1, 1, (args) => parseJsonLenient(argString('json', args, 0))),
  base64: eager(1, 1, (args) => Buffer.from(argString('base64', args, 0), 'utf8').toString('base64')),
  base64tostring: eager(1, 1, (args) => Buffer.from(argString('base64ToString', args, 0), 'base64').toString('utf8')),
  base64tojson: eager(1, 1, (args) =>
    parseJsonLenient(Buffer.from(argString('base64ToJson', args, 0), 'base64').toString('utf8')),
  ),
  datauri: eager(1, 1, (args) => {
    const text = argString('dataUri', args, 0);
    return `data:text/plain;charset=utf8;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
  }),
  datauritostring: eager(1, 1, (args) => dataUriToString(argString('dataUriToString', args, 0))),
  uri: eager(2, 2, (args) => {
    const base = argString('uri', args, 0);
    const relative = argString('uri', args, 1);
    try {
      return new URL(relative, base).toString();
    } catch {
      throw evaluationError(`uri('${base}', '${relative}'): '${base}' is not an absolute URI.`);
    }
  }),
  uricomponent: eager(1, 1, (args) =>
    encodeURIComponent(argString('uriComponent', args, 0)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  ),
  uricomponenttostring: eager(1, 1, (args) => decodeURIComponent(argString('uriComponentToString', args, 0))),
  uniquestring: eager(1, Infinity, (args) => uniqueString(...args.map((_, i) => argString('uniqueString', args, i)))),
  guid: eager(1, Infinity, (args) => guid(...args.map((_, i) => argString('guid', args, i)))),
};

/** Splits on any of the delimiters, keeping empty entries (like .NET String.Split with None). */
function splitAny(text: string, delimiters: string[]): string[] {
  const usable = delimiters.filter((d) => d !== '');
  if (usable.length === 0) return [text];
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const hit = usable.find((d) => text.startsWith(d, i));
    if (hit !== undefined) {
      parts.push(text.slice(start, i));
      i += hit.length;
      start = i;
    } else {
      i++;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function dataUriToString(uri: string): string {
  const match = /^data:([^,]*?)(;base64)?,([\s\S]*)$/.exec(uri);
  if (!match) throw evaluationError(`dataUriToString(): '${uri.slice(0, 40)}' is not a data URI.`);
  return match[2] ? Buffer.from(match[3]!, 'base64').toString('utf8') : decodeURIComponent(match[3]!);
}
