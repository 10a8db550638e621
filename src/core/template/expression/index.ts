// Public API of the ARM template expression language: parse, evaluate, and the pure hash functions.
export type { ExprNode } from './ast.js';
export { unknownContextError } from './context-fields.js';
export { ExpressionSyntaxError, UnresolvedError, type MissingContext } from './errors.js';
export { evaluateString, evaluateValue, isExpression, isLiteralJson } from './evaluate.js';
export { guid } from './guid.js';
export { findParameterReferences } from './parameter-references.js';
export { parseExpression } from './parse-expression.js';
export type { DeploymentContext, ReferenceTarget, Scope } from './scope.js';
export { uniqueString } from './unique-string.js';
export { markerOf, unresolvedMarker, type Value } from './value.js';
