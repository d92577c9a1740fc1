import { ts } from './typescript';

/** The text of a property name (`a`, `'a'`, `#a` → `a`), if it is a plain name. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text.replace(/^#/, '');
  }
  return undefined;
}

/** Last segment of an assignment target: `process.env.FOO` → `FOO`, `h['Authorization']` → `Authorization`. */
export function lastNameSegment(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** Dotted name of a callee (`crypto.createHash`, `this.http.get`); `require('m').f` → `m.f`. */
export function dottedName(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node)) {
    const left = dottedName(node.expression);
    return left === undefined ? `?.${node.name.text}` : `${left}.${node.name.text}`;
  }
  if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
    const left = dottedName(node.expression);
    return `${left ?? '?'}.${node.argumentExpression.text}`;
  }
  if (ts.isParenthesizedExpression(node)) return dottedName(node.expression);
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
    return normaliseModule(node.arguments[0].text);
  }
  return undefined;
}

/** `node:crypto` and `crypto` are the same module. */
export function normaliseModule(specifier: string): string {
  return specifier.replace(/^node:/, '');
}
