// Recursive-descent parser: expression = primary ( '.' name | '[' expression ']' )*.
import type { ExprNode } from './ast.js';
import { ExpressionSyntaxError } from './errors.js';
import { tokenize, type Token } from './tokenize.js';

/** Parses the text between the outer brackets of an ARM expression string. */
export function parseExpression(text: string): ExprNode {
  const parser = new Parser(text, tokenize(text));
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

const LITERAL_WORDS: Record<string, boolean | null> = { true: true, false: false, null: null };

/** Far beyond any real template, well inside Node's stack: deeper nesting is refused instead of overflowing. */
const MAX_NESTING = 256;

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  expression(): ExprNode {
    // Each call and each '.x' / '[i]' step nests the tree one level deeper: the evaluator recurses as deep.
    let levels = 0;
    const deeper = () => {
      levels++;
      if (++this.depth > MAX_NESTING) throw new ExpressionSyntaxError(`nesting deeper than ${MAX_NESTING} levels`, this.text, this.peek().offset);
    };
    try {
      deeper();
      let node = this.primary();
      for (;;) {
        const token = this.peek();
        if (token.kind === '.') {
          deeper();
          this.position++;
          const name = this.take('identifier', 'a property name after "."');
          node = { kind: 'member', target: node, property: name.value, offset: token.offset };
        } else if (token.kind === '[') {
          deeper();
          this.position++;
          const index = this.expression();
          this.take(']', '"]"');
          node = { kind: 'index', target: node, index, offset: token.offset };
        } else {
          return node;
        }
      }
    } finally {
      this.depth -= levels;
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.fail(`Unexpected ${describe(token)} after the end of the expression`, token);
  }

  private primary(): ExprNode {
    const token = this.peek();
    if (token.kind === 'string' || token.kind === 'number') {
      this.position++;
      return { kind: token.kind, value: token.value, offset: token.offset } as ExprNode;
    }
    if (token.kind !== 'identifier') this.fail(`Expected a function call or a literal, found ${describe(token)}`, token);
    this.position++;
    let namespace: string | undefined;
    let name = token.value;
    // `ns.fn(` is a user-defined function; a bare word must be a call or a literal.
    if (this.peek().kind === '.' && this.peekAt(1).kind === 'identifier' && this.peekAt(2).kind === '(') {
      this.position++;
      namespace = name;
      name = (this.take('identifier', 'a function name') as { value: string }).value;
    }
    if (this.peek().kind !== '(') {
      const word = name.toLowerCase();
      if (namespace === undefined && word in LITERAL_WORDS) {
        return { kind: 'literal', value: LITERAL_WORDS[word]!, offset: token.offset };
      }
      this.fail(`Expected "(" after function name '${name}'`, this.peek());
    }
    this.position++;
    const args: ExprNode[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.expression());
        const next = this.peek();
        if (next.kind === ',') {
          this.position++;
          continue;
        }
        if (next.kind === ')') break;
        this.fail(`Expected "," or ")" in the arguments of '${name}', found ${describe(next)}`, next);
      }
    }
    this.take(')', '")"');
    return namespace === undefined
      ? { kind: 'call', name, args, offset: token.offset }
      : { kind: 'call', namespace, name, args, offset: token.offset };
  }

  private take<K extends Token['kind']>(kind: K, what: string): Extract<Token, { kind: K }> {
    const token = this.peek();
    if (token.kind !== kind) this.fail(`Expected ${what}, found ${describe(token)}`, token);
    this.position++;
    return token as Extract<Token, { kind: K }>;
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }

  private fail(detail: string, token: Token): never {
    throw new ExpressionSyntaxError(detail, this.text, token.offset);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `string '${token.value}'`;
    case 'number':
      return `number ${token.value}`;
    case 'identifier':
      return `'${token.value}'`;
    default:
      return `"${token.kind}"`;
  }
}
