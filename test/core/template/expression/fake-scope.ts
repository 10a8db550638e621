// A hand-written Scope for tests: fixed context, parameters and variables from plain objects, optional loop index.
import assert from 'node:assert/strict';
import {
  evaluateString,
  UnresolvedError,
  type DeploymentContext,
  type Scope,
  type Value,
} from '../../../../src/core/template/expression/index.js';

export const CONTEXT: DeploymentContext = {
  subscriptionId: '11111111-2222-3333-4444-555555555555',
  tenantId: '99999999-8888-7777-6666-555555555555',
  resourceGroup: { name: 'rg-app', location: 'westeurope' },
  deploymentName: 'main-deploy',
};

export interface FakeScopeOptions {
  parameters?: Record<string, Value>;
  variables?: Record<string, Value>;
  copyIndex?: number;
  context?: Partial<DeploymentContext>;
  userFunction?: Scope['userFunction'];
}

export function fakeScope(options: FakeScopeOptions = {}): Scope & { variableReads: string[] } {
  const parameters = options.parameters ?? {};
  const variables = options.variables ?? {};
  const lookup = (table: Record<string, Value>, name: string) =>
    Object.keys(table).find((key) => key.toLowerCase() === name.toLowerCase());
  const variableReads: string[] = [];
  return {
    variableReads,
    context: { ...CONTEXT, ...options.context },
    parameter(name) {
      const key = lookup(parameters, name);
      return key === undefined ? { found: false } : { found: true, value: parameters[key]! };
    },
    variable(name) {
      variableReads.push(name);
      const key = lookup(variables, name);
      if (key === undefined) throw new Error(`The template has no variable '${name}'.`);
      return variables[key]!;
    },
    copyIndex(loopName) {
      if (options.copyIndex === undefined) throw new UnresolvedError(`copyIndex(${loopName ?? ''}) is used outside a copy loop`);
      return options.copyIndex;
    },
    userFunction: options.userFunction,
  };
}

export type Case = [expression: string, expected: Value];

/** One `it` per row: `[expr]` evaluates to the expected value. */
export function evaluatesTo(cases: Case[], scope: Scope = fakeScope()): void {
  for (const [expression, expected] of cases) {
    it(`evaluates ${expression} to ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(evaluateString(`[${expression}]`, scope), expected);
    });
  }
}

/** One `it` per row: `[expr]` throws an error whose message matches. */
export function failsWith(cases: Array<[expression: string, message: RegExp]>, scope: Scope = fakeScope()): void {
  for (const [expression, message] of cases) {
    it(`rejects ${expression} with ${message}`, () => {
      assert.throws(() => evaluateString(`[${expression}]`, scope), (error: Error) => {
        assert.ok(!(error instanceof UnresolvedError), `expected a template error, got unresolved: ${error.message}`);
        assert.match(error.message, message);
        return true;
      });
    });
  }
}

/** One `it` per row: `[expr]` is unresolved with a reason that matches. */
export function unresolvedWith(cases: Array<[expression: string, reason: RegExp]>, scope: Scope = fakeScope()): void {
  for (const [expression, reason] of cases) {
    it(`reports ${expression} as unresolved: ${reason}`, () => {
      assert.throws(() => evaluateString(`[${expression}]`, scope), (error: Error) => {
        assert.ok(error instanceof UnresolvedError, `expected UnresolvedError, got ${error.name}: ${error.message}`);
        assert.match(error.reason, reason);
        return true;
      });
    });
  }
}
