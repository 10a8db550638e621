// Which parameters an expression string reads through parameters('name') with a literal name.
import { walkExpression } from './ast.js';
import { isExpression } from './evaluate.js';
import { parseExpression } from './parse-expression.js';

/** Distinct names in first-use order; [] for a non-expression string. Throws ExpressionSyntaxError on bad syntax. */
export function findParameterReferences(s: string): string[] {
  if (!isExpression(s)) return [];
  const names: string[] = [];
  walkExpression(parseExpression(s.slice(1, -1)), (node) => {
    if (node.kind !== 'call' || node.namespace !== undefined || node.name.toLowerCase() !== 'parameters') return;
    const first = node.args[0];
    if (first?.kind === 'string' && !names.includes(first.value)) names.push(first.value);
  });
  return names;
}
