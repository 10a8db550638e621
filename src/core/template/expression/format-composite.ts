// format(): .NET composite formatting — {index[,alignment][:formatString]} with {{ and }} escapes.
import { ExpressionEvaluationError } from './errors.js';
import { formatNumber } from './format-number.js';
import { toArmString, type Value } from './value.js';

export function formatComposite(template: string, args: Value[]): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = template.indexOf('}', i);
      if (close < 0) throw badFormat(template, 'an unclosed "{"');
      out += formatItem(template, template.slice(i + 1, close), args);
      i = close + 1;
    } else if (ch === '}') {
      if (template[i + 1] !== '}') throw badFormat(template, 'a "}" without "{" (write "}}" for a literal brace)');
      out += '}';
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function formatItem(template: string, item: string, args: Value[]): string {
  const match = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::([\s\S]*))?$/.exec(item);
  if (!match) throw badFormat(template, `the item "{${item}}"`);
  const index = Number(match[1]);
  if (index >= args.length) {
    throw new ExpressionEvaluationError(
      `format() item {${index}} refers to argument ${index + 1} but only ${args.length} value(s) follow the format string "${template}".`,
    );
  }
  const value = args[index]!;
  const spec = match[3];
  const text = typeof value === 'number' && spec ? formatNumber(value, spec) : toArmString(value);
  const alignment = match[2] === undefined ? 0 : Number(match[2]);
  // .NET refuses an alignment of a million or more (and would pad to gigabytes before that).
  if (Math.abs(alignment) >= 1_000_000) throw badFormat(template, `the alignment ${alignment}, which must be below 1000000`);
  return alignment >= 0 ? text.padStart(alignment) : text.padEnd(-alignment);
}

function badFormat(template: string, what: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError(`format() string "${template}" is not valid: it has ${what}.`);
}
