// .NET numeric format strings with the invariant culture: standard (N2, D5, X, P, F, E, C, G, R) and custom (0000).
import { ExpressionEvaluationError } from './errors.js';

/** Formats `n` the way .NET's `n.ToString(spec, CultureInfo.InvariantCulture)` would. */
export function formatNumber(n: number, spec: string): string {
  const standard = /^([A-Za-z])(\d{0,2})$/.exec(spec);
  if (!standard) return formatCustom(n, spec);
  const letter = standard[1]!;
  const precision = standard[2] === '' ? undefined : Number(standard[2]);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  switch (letter.toUpperCase()) {
    case 'C': {
      const text = '¤' + group(abs.toFixed(precision ?? 2));
      return n < 0 && Number(abs.toFixed(precision ?? 2)) !== 0 ? `(${text})` : text;
    }
    case 'D':
      requireInteger(n, spec);
      return sign + String(abs).padStart(precision ?? 0, '0');
    case 'E':
      return signed(n, exponential(abs, precision ?? 6, letter === 'e' ? 'e' : 'E', 3));
    case 'F':
      return signed(n, abs.toFixed(precision ?? 2));
    case 'N':
      return signed(n, group(abs.toFixed(precision ?? 2)));
    case 'P':
      return signed(n, group(times100(abs).toFixed(precision ?? 2))) + ' %';
    case 'G':
      return general(n, precision, letter === 'g' ? 'e' : 'E');
    case 'R':
      return String(n);
    case 'X': {
      requireInteger(n, spec);
      const hex = BigInt.asUintN(64, BigInt(n)).toString(16);
      return (letter === 'x' ? hex : hex.toUpperCase()).padStart(precision ?? 0, '0');
    }
    default:
      throw new ExpressionEvaluationError(`Format specifier '${spec}' is not a valid .NET numeric format.`);
  }
}

function signed(n: number, text: string): string {
  // .NET drops the minus sign when the rounded result is zero.
  return n < 0 && /[1-9]/.test(text) ? '-' + text : text;
}

function requireInteger(n: number, spec: string): void {
  if (!Number.isInteger(n)) {
    throw new ExpressionEvaluationError(`Format specifier '${spec}' only applies to integers, not ${n}.`);
  }
}

/** Inserts ',' every three digits of the integer part of a plain decimal string. */
export function group(decimal: string): string {
  const [whole, fraction] = decimal.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function exponential(abs: number, digits: number, e: string, minExponentDigits: number): string {
  const [mantissa, exponent] = abs.toExponential(digits).split('e');
  const value = Number(exponent);
  const expSign = value < 0 ? '-' : '+';
  return `${mantissa}${e}${expSign}${String(Math.abs(value)).padStart(minExponentDigits, '0')}`;
}

function general(n: number, precision: number | undefined, e: string): string {
  if (precision === undefined || precision === 0) {
    if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
    precision = 15;
  }
  if (n === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(precision)))));
  if (exponent >= precision || exponent < -5) {
    const [mantissa, exp] = Math.abs(n).toExponential(precision - 1).split('e');
    const trimmed = mantissa!.includes('.') ? mantissa!.replace(/\.?0+$/, '') : mantissa!;
    const value = Number(exp);
    return `${n < 0 ? '-' : ''}${trimmed}${e}${value < 0 ? '-' : '+'}${String(Math.abs(value)).padStart(2, '0')}`;
  }
  const fixed = Math.abs(n).toFixed(Math.max(0, precision - 1 - exponent));
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return signed(n, trimmed);
}

/** Scales for percent formats without float noise such as 0.07 * 100 = 7.000000000000001. */
function times100(n: number): number {
  return Number((n * 100).toPrecision(15));
}

type Piece = { kind: 'literal'; text: string } | { kind: 'digit'; zero: boolean; fraction: boolean };

/** Custom formats: 0 and # placeholders, '.', ',' grouping, '%', quoted literals, '\' escapes, ';' sections. */
function formatCustom(n: number, spec: string): string {
  const sections = splitSections(spec);
  let section = sections[0]!;
  let value = n;
  let addMinus = n < 0;
  if (n < 0 && sections.length > 1 && sections[1] !== '') {
    section = sections[1]!;
    value = -n;
    addMinus = false;
  } else if (n === 0 && sections.length > 2 && sections[2] !== '') {
    section = sections[2]!;
  }
  const { pieces, grouping, percent } = parseSection(section);
  let abs = Math.abs(value);
  for (let i = 0; i < percent; i++) abs = times100(abs);
  const fractionSlots = pieces.filter((p) => p.kind === 'digit' && p.fraction) as Array<{ zero: boolean }>;
  const minFraction = fractionSlots.reduce((last, p, i) => (p.zero ? i + 1 : last), 0);
  // toFixed stops at 100 digits; a double has nothing to show past that, so the rest are zeros.
  const [wholeText, shown = ''] = abs.toFixed(Math.min(100, fractionSlots.length)).split('.');
  const fractionText = shown.padEnd(fractionSlots.length, '0');
  const fraction = fractionText.slice(0, Math.max(minFraction, fractionText.replace(/0+$/, '').length));
  const integerSlots = pieces.filter((p) => p.kind === 'digit' && !p.fraction) as Array<{ zero: boolean }>;
  const firstZero = integerSlots.findIndex((p) => p.zero);
  const minInteger = firstZero < 0 ? 0 : integerSlots.length - firstZero;
  let digits = wholeText === '0' ? '' : wholeText!;
  digits = digits.padStart(minInteger, '0');
  if (grouping) digits = group(digits);

  let out = '';
  let remaining = digits;
  let integerSeen = 0;
  let fractionIndex = 0;
  let pointWritten = false;
  for (const piece of pieces) {
    if (piece.kind === 'literal') {
      out += piece.text;
    } else if (!piece.fraction) {
      integerSeen++;
      // The first integer placeholder takes every digit the later placeholders do not.
      const later = integerSlots.length - integerSeen;
      const take = grouping ? (integerSeen === 1 ? remaining.length : 0) : Math.max(0, remaining.length - later);
      out += remaining.slice(0, take);
      remaining = remaining.slice(take);
    } else {
      if (fractionIndex < fraction.length) {
        if (!pointWritten) out += '.';
        pointWritten = true;
        out += fraction[fractionIndex];
      }
      fractionIndex++;
    }
  }
  const negative = addMinus && /[1-9]/.test(out);
  return (negative ? '-' : '') + out;
}

function splitSections(spec: string): string[] {
  const sections: string[] = [''];
  let quote: string | undefined;
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '\\') {
      sections[sections.length - 1] += ch + (spec[++i] ?? '');
      continue;
    } else if (ch === ';') {
      sections.push('');
      continue;
    }
    sections[sections.length - 1] += ch;
  }
  return sections;
}

function parseSection(section: string): { pieces: Piece[]; grouping: boolean; percent: number } {
  const pieces: Piece[] = [];
  let inFraction = false;
  let grouping = false;
  let percent = 0;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i]!;
    if (ch === '0' || ch === '#') {
      pieces.push({ kind: 'digit', zero: ch === '0', fraction: inFraction });
    } else if (ch === '.') {
      inFraction = true;
    } else if (ch === ',') {
      if (!inFraction && /[0#]/.test(section.slice(i + 1, i + 2))) grouping = true;
    } else if (ch === '%') {
      percent++;
      pieces.push({ kind: 'literal', text: '%' });
    } else if (ch === "'" || ch === '"') {
      const end = section.indexOf(ch, i + 1);
      const stop = end < 0 ? section.length : end;
      pieces.push({ kind: 'literal', text: section.slice(i + 1, stop) });
      i = stop;
    } else if (ch === '\\') {
      pieces.push({ kind: 'literal', text: section[++i] ?? '' });
    } else {
      pieces.push({ kind: 'literal', text: ch });
    }
  }
  return { pieces, grouping, percent };
}
