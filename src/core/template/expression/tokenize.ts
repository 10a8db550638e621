// Lexer for ARM expressions: quoted strings with '' escapes, integers, identifiers and punctuation.
import { ExpressionSyntaxError } from './errors.js';

export type Token =
  | { kind: 'string'; value: string; offset: number }
  | { kind: 'number'; value: number; offset: number }
  | { kind: 'identifier'; value: string; offset: number }
  | { kind: '(' | ')' | '[' | ']' | ',' | '.'; offset: number }
  | { kind: 'end'; offset: number };

const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExpressionSyntaxError('Unterminated string literal', text, start);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: 'string', value, offset: start });
    } else if (isDigit(ch) || ((ch === '-' || ch === '+') && isDigit(text[i + 1]))) {
      const start = i;
      i++;
      while (isDigit(text[i])) i++;
      // A fraction only when digits follow the dot, so `1.` never swallows a member access.
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      }
      tokens.push({ kind: 'number', value: Number(text.slice(start, i)), offset: start });
    } else if (isIdentifierStart(ch)) {
      const start = i;
      while (i < text.length && isIdentifierPart(text[i]!)) i++;
      tokens.push({ kind: 'identifier', value: text.slice(start, i), offset: start });
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as '(' | ')' | '[' | ']' | ',' | '.', offset: i });
      i++;
    } else {
      throw new ExpressionSyntaxError(`Unexpected character '${ch}'`, text, i);
    }
  }
  tokens.push({ kind: 'end', offset: text.length });
  return tokens;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isIdentifierStart(ch: string): boolean {
  return /[A-Za-z_$@]/.test(ch);
}

function isIdentifierPart(ch: string): boolean {
  return /[A-Za-z0-9_$@-]/.test(ch);
}
