import { ts } from './typescript';
import { normaliseModule } from './names';

/** What a local name refers to: a module's export (`*` for the namespace, `default`). */
export interface ImportBinding {
  module: string;
  member: string;
}

/**
 * Local names bound to modules, ESM and CommonJS:
 * `import c from 'crypto'`, `import * as c from 'node:crypto'`, `import { createHash as h } from 'crypto'`,
 * `const c = require('crypto')`, `const { createHash } = require('crypto')`, `const h = require('crypto').createHash`.
 */
export function collectImports(source: ts.SourceFile): Map<string, ImportBinding> {
  const imports = new Map<string, ImportBinding>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = normaliseModule(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (clause.name) imports.set(clause.name.text, { module, member: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, member: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) imports.set(el.name.text, { module, member: (el.propertyName ?? el.name).text });
      }
    }
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      imports.set(statement.name.text, { module: normaliseModule(statement.moduleReference.expression.text), member: '*' });
    }
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) requireBinding(decl, imports);
    }
  }
  return imports;
}

function requireBinding(decl: ts.VariableDeclaration, imports: Map<string, ImportBinding>): void {
  let init = decl.initializer;
  let member = '*';
  if (init && ts.isPropertyAccessExpression(init)) {
    member = init.name.text;
    init = init.expression;
  }
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return;
  const arg = init.arguments[0];
  if (!arg || !ts.isStringLiteral(arg)) return;
  const module = normaliseModule(arg.text);
  if (ts.isIdentifier(decl.name)) imports.set(decl.name.text, { module, member });
  else if (ts.isObjectBindingPattern(decl.name) && member === '*') {
    for (const el of decl.name.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      const from = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
      imports.set(el.name.text, { module, member: from });
    }
  }
}
