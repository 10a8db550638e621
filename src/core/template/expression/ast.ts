// Syntax tree of one ARM template expression (the text between the outer brackets).

/** Every node records `offset`: 0-based position of its first character in the parsed text. */
export type ExprNode =
  | { kind: 'string'; value: string; offset: number }
  | { kind: 'number'; value: number; offset: number }
  /** The bare words `true`, `false` and `null`. */
  | { kind: 'literal'; value: boolean | null; offset: number }
  /** `name(args)` or a user-defined `namespace.name(args)`; `name` keeps the template's casing. */
  | { kind: 'call'; namespace?: string; name: string; args: ExprNode[]; offset: number }
  /** `target.property` */
  | { kind: 'member'; target: ExprNode; property: string; offset: number }
  /** `target[index]` */
  | { kind: 'index'; target: ExprNode; index: ExprNode; offset: number };

/** Visits every node, parents before children. */
export function walkExpression(node: ExprNode, visit: (node: ExprNode) => void): void {
  visit(node);
  switch (node.kind) {
    case 'call':
      for (const arg of node.args) walkExpression(arg, visit);
      break;
    case 'member':
      walkExpression(node.target, visit);
      break;
    case 'index':
      walkExpression(node.target, visit);
      walkExpression(node.index, visit);
      break;
  }
}
