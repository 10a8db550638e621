// json(): ARM parses with a lenient reader that also takes single-quoted strings, comments and trailing commas.
import { ExpressionEvaluationError } from './errors.js';
import type { Value } from './value.js';

export function parseJsonLenient(text: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch {
    try {
      return JSON.parse(normalize(text)) as Value;
    } catch (error) {
      throw new ExpressionEvaluationError(
        `json() could not parse '${text.length > 60 ? text.slice(0, 60) + '…' : text}': ${(error as Error).message}`,
      );
    }
  }
}

/** Rewrites single-quoted strings to JSON strings and drops comments and trailing commas. */
function normalize(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\') {
          value += JSON.parse(`"${text.slice(i, i + (text[i + 1] === 'u' ? 6 : 2))}"`);
          i += text[i + 1] === 'u' ? 6 : 2;
        } else {
          value += text[i++];
        }
      }
      i++;
      out += JSON.stringify(value);
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (ch === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) {
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
