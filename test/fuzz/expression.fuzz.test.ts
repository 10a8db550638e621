// Fuzzing the ARM expression language: whatever text a template holds, parsing and evaluating either give a value or
// fail with a typed error (a GuardError subclass, or UnresolvedError for "only known at deployment time").
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GuardError, InputError } from '../../src/core/errors.js';
import { evaluateString, parseExpression, UnresolvedError, type Scope } from '../../src/core/template/expression/index.js';
import { fakeScope } from '../core/template/expression/fake-scope.js';

const fake = fakeScope({
  parameters: { name: 'kv-app', count: 3, flags: [true, false], tags: { env: 'prod', 'cost-center': 42 }, empty: '' },
  variables: { prefix: 'kv-', list: ['a', 'b', 'c'], nested: { a: { b: [1, 2, 3] } } },
  copyIndex: 1,
});
/** The test scope, answering an undeclared variable with a typed error as the template scope does. */
const scope: Scope = {
  ...fake,
  variable(name) {
    try {
      return fake.variable(name);
    } catch (error) {
      throw new InputError({ code: 'KVPG-TEMPLATE-VARIABLE', message: (error as Error).message });
    }
  },
};

/** Typed failures are the contract; a TypeError, RangeError or plain Error is a crash. */
function typedOnly(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardError || error instanceof UnresolvedError) return;
    throw new Error(`untyped failure: ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`, { cause: error });
  }
}

const FUNCTIONS = [
  'concat', 'format', 'toLower', 'toUpper', 'substring', 'replace', 'split', 'join', 'length', 'take', 'skip', 'first', 'last', 'indexOf',
  'contains', 'empty', 'union', 'intersection', 'createArray', 'createObject', 'json', 'string', 'int', 'bool', 'if', 'and', 'or', 'not',
  'equals', 'greater', 'less', 'add', 'sub', 'mul', 'div', 'mod', 'min', 'max', 'range', 'coalesce', 'uniqueString', 'guid', 'base64',
  'base64ToString', 'uri', 'padLeft', 'trim', 'startsWith', 'endsWith', 'resourceId', 'subscriptionResourceId', 'parameters', 'variables',
  'copyIndex', 'resourceGroup', 'subscription', 'deployment', 'environment', 'reference', 'listKeys', 'utcNow', 'dateTimeAdd', 'filter',
  'map', 'reduce', 'sort', 'items', 'lambda', 'lambdaVariables', 'objectKeys', 'tryGet', 'last', 'dataUri', 'noSuchFunction',
];

const literal = fc.oneof(
  fc.constantFrom("'name'", "'count'", "'tags'", "'prefix'", "'list'", "'nested'", "'flags'", "'env'", "''", "'it''s'"),
  fc.string({ maxLength: 8 }).map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('true', 'false', 'null', '-0', '2147483648', '9007199254740993', '1e3'),
);

/** Well-formed expressions (syntax-wise): calls with literal or nested arguments, property and index access. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('.a', '.b', '.env', '.name', '.id', '[0]', '[1]', "['cost-center']", '[-1]', '[100]')).map(([e, p]) => `${e}${p}`),
  ),
})).expr;

describe('fuzzing the expression language', function () {
  this.timeout(60_000);

  it('parses any string into an expression or a typed syntax error (3000 runs)', () => {
    const expressionish = fc.stringMatching(/^[[\]()'.,a-zA-Z0-9 _-]{0,40}$/);
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 60 }), expressionish), (text) => typedOnly(() => parseExpression(text))), { numRuns: 3000 });
  });

  it('evaluates any bracketed string as a value or a typed error (3000 runs)', () => {
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[[\]()'.,a-z0-9 ]{0,40}$/)).map((s) => `[${s}]`);
    fc.assert(fc.property(text, (t) => typedOnly(() => evaluateString(t, scope))), { numRuns: 3000 });
  });

  it('evaluates random well-formed expressions to a value or a typed error (3000 runs), mostly to a value', () => {
    let values = 0;
    let runs = 0;
    fc.assert(fc.property(expression, (e) => {
      runs++;
      typedOnly(() => {
        evaluateString(`[${e}]`, scope);
        values++;
      });
    }), { numRuns: 3000 });
    // An evaluator that answered everything with a typed error would pass the property vacuously.
    assert.ok(values > runs / 5, `only ${values} of ${runs} well-formed expressions evaluated to a value`);
  });

  it('answers deeply nested expressions with a value or a typed error, not a stack overflow', () => {
    for (const depth of [100, 1000, 10_000]) {
      typedOnly(() => evaluateString(`[${'concat('.repeat(depth)}'x'${')'.repeat(depth)}]`, scope));
      typedOnly(() => evaluateString(`[${'createArray('.repeat(depth)}${')'.repeat(depth)}]`, scope));
      typedOnly(() => evaluateString(`[variables('nested')${'.a'.repeat(depth)}]`, scope));
      typedOnly(() => evaluateString(`[variables('list')${'[0]'.repeat(depth)}]`, scope));
    }
  });

  it('keeps evaluation deterministic: the same expression gives the same value twice', () => {
    fc.assert(
      fc.property(expression, (e) => {
        const once = (): unknown => {
          try {
            return evaluateString(`[${e}]`, scope);
          } catch (error) {
            return `${(error as Error).constructor.name}: ${(error as Error).message}`;
          }
        };
        if (/utcNow|newGuid/i.test(e)) return;
        assert.deepEqual(once(), once());
      }),
      { numRuns: 1000 },
    );
  });
});
