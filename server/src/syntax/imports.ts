import { ts } from './typescript';
import { normaliseModule } from './names';

// Bound once: the compiler's exports are getters, too slow to call per node on the hot path.
const {
  isCallExpression,
  isExternalModuleReference,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isNamedImports,
  isNamespaceImport,
  isObjectBindingPattern,
  isPropertyAccessExpression,
  isStringLiteral,
  isVariableStatement,
} = ts;

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
    if (isImportDeclaration(statement) && isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = normaliseModule(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (clause.name) imports.set(clause.name.text, { module, member: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, member: '*' });
      if (bindings && isNamedImports(bindings)) {
        for (const el of bindings.elements) imports.set(el.name.text, { module, member: (el.propertyName ?? el.name).text });
      }
    }
    if (isImportEqualsDeclaration(statement) && isExternalModuleReference(statement.moduleReference) && isStringLiteral(statement.moduleReference.expression)) {
      imports.set(statement.name.text, { module: normaliseModule(statement.moduleReference.expression.text), member: '*' });
    }
    if (isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) requireBinding(decl, imports);
    }
  }
  return imports;
}

function requireBinding(decl: ts.VariableDeclaration, imports: Map<string, ImportBinding>): void {
  let init = decl.initializer;
  let member = '*';
  if (init && isPropertyAccessExpression(init)) {
    member = init.name.text;
    init = init.expression;
  }
  if (!init || !isCallExpression(init) || !isIdentifier(init.expression) || init.expression.text !== 'require') return;
  const arg = init.arguments[0];
  if (!arg || !isStringLiteral(arg)) return;
  const module = normaliseModule(arg.text);
  if (isIdentifier(decl.name)) imports.set(decl.name.text, { module, member });
  else if (isObjectBindingPattern(decl.name) && member === '*') {
    for (const el of decl.name.elements) {
      if (!isIdentifier(el.name)) continue;
      const from = el.propertyName && isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
      imports.set(el.name.text, { module, member: from });
    }
  }
}
