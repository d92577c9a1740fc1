import { ts } from './typescript';

// Bound once: the compiler's exports are getters, too slow to call per node on the hot path.
const {
  SyntaxKind,
  isCallExpression,
  isElementAccessExpression,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isParenthesizedExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isStringLiteral,
} = ts;

/** The text of a property name (`a`, `'a'`, `#a` → `a`), if it is a plain name. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (isIdentifier(name) || isStringLiteral(name) || isNoSubstitutionTemplateLiteral(name) || isPrivateIdentifier(name)) {
    return name.text.replace(/^#/, '');
  }
  return undefined;
}

/** Last segment of an assignment target: `process.env.FOO` → `FOO`, `h['Authorization']` → `Authorization`. */
export function lastNameSegment(node: ts.Expression): string | undefined {
  if (isIdentifier(node)) return node.text;
  if (isPropertyAccessExpression(node)) return node.name.text;
  if (isElementAccessExpression(node) && isStringLiteral(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** Dotted name of a callee (`crypto.createHash`, `this.http.get`); `require('m').f` → `m.f`. */
export function dottedName(node: ts.Expression): string | undefined {
  if (isIdentifier(node)) return node.text;
  if (node.kind === SyntaxKind.ThisKeyword) return 'this';
  if (isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === undefined ? `?.${node.name.text}` : `${left}.${node.name.text}`;
  }
  if (isElementAccessExpression(node) && isStringLiteral(node.argumentExpression)) {
    const left = dottedName(node.expression);
    return `${left ?? '?'}.${node.argumentExpression.text}`;
  }
  if (isParenthesizedExpression(node)) return dottedName(node.expression);
  if (isCallExpression(node) && isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && isStringLiteral(node.arguments[0])) {
    return normaliseModule(node.arguments[0].text);
  }
  return undefined;
}

/** `node:crypto` and `crypto` are the same module. */
export function normaliseModule(specifier: string): string {
  return specifier.replace(/^node:/, '');
}
