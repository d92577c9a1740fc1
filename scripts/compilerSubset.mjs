// The part of the TypeScript compiler Vigil runs: the parser, scanner, node utilities, module
// resolution and the language service's node classes (Vigil reads `identifier.text` and calls
// `node.getStart()`, which those classes define), without the type checker, emitter, program,
// completions, code fixes and refactorings it never calls. Every process and scan worker then
// loads about 0.9 MB instead of 3.6 MB (minified): less to read, check, deserialise and run at
// start, and a smaller heap per thread.
//
// ts-morph's typescript.js is one CommonJS module whose body is a flat list of top-level
// declarations plus a table of exports. This keeps the statements reachable from the names Vigil's
// code takes from `ts` (server/src: `ts.X` and `const { X } = ts`), and from the body's own
// top-level side effects, except the services' code-fix and refactoring registrations (they are
// what ties the checker in). A statement that extends a declaration (`X.y = …`, a namespace's
// `((X2) => {…})(X || (X = {}))`) is kept with it; of a namespace table (`__export(X, {…})`), only
// the members read (`X.member`) are kept. esbuild then bundles the result as CommonJS. The build
// stops if the compiler's layout changes so that this no longer holds.

import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Top-level calls of typescript.js that only fill the language service's registries. */
const REGISTRATIONS = new Set(['registerCodeFix', 'registerRefactor']);

/** The names server/src reads from the compiler (`ts.X`, `const { X } = ts`), types included. */
export function compilerNamesUsed(sourceDir) {
  const names = new Set();
  for (const file of readdirSync(sourceDir, { recursive: true }).map(String)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const text = readFileSync(path.join(sourceDir, file), 'utf8');
    if (!/from '(?:\.\.?\/)+(?:syntax\/)?typescript'/.test(text)) continue;
    for (const m of text.matchAll(/\bts\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
    for (const m of text.matchAll(/const \{([^}]*)\} = ts;/g)) {
      for (const part of m[1].split(',')) {
        const name = part.split(':')[0].trim();
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/**
 * An ES module holding the statements of `source` (ts-morph's typescript.js) that `names` need,
 * exporting those of `names` the compiler exports. `ts` is a full compiler, used to read `source`.
 */
export function compilerSubset(ts, source, names) {
  const file = ts.createSourceFile('typescript.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const body = moduleBody(ts, file);
  const exported = new Map();
  const statements = [];
  for (const statement of body) {
    if (isExportTable(ts, statement)) {
      for (const p of statement.expression.arguments[1].properties) exported.set(p.name.text, p.initializer.body.text);
      continue;
    }
    if (isModuleExports(ts, statement, file)) continue;
    statements.push(statement);
  }
  if (exported.size < 1000) throw new Error(`compiler subset: typescript.js's export table was not found (${exported.size} names): its layout changed`);

  const declaredAt = new Map();
  const extensionsOf = new Map();
  // Namespace tables, `__export(ts_Completions_exports, { name: () => local, … })`: a read of
  // `ts_Completions_exports.name` needs that one local, not the whole table.
  const tables = new Map();
  const roots = [];
  const info = statements.map((statement, i) => {
    const declared = declaredNames(ts, statement);
    for (const name of declared) push(declaredAt, name, i);
    if (declared.length === 0 && ts.isExpressionStatement(statement)) {
      const call = statement.expression;
      if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && REGISTRATIONS.has(call.expression.text)) return [];
      const table = namespaceTable(ts, call);
      if (table) {
        tables.set(table.name, { at: i, members: table.members, used: new Set() });
        return ['__export'];
      }
      const extended = extendedName(ts, call);
      if (extended) push(extensionsOf, extended, i);
      else roots.push(i);
    } else if (declared.length === 0) {
      roots.push(i);
    }
    return referencedNames(ts, statement);
  });

  const wanted = [...names].filter((n) => exported.has(n)).sort();
  const kept = new Set(roots);
  const pending = [...roots];
  const keep = (i) => {
    if (kept.has(i)) return;
    kept.add(i);
    pending.push(i);
  };
  const need = (reference) => {
    const [name, member] = reference.split('.');
    const table = tables.get(name);
    if (member !== undefined && !table?.members.has(member)) return need(name);
    for (const i of declaredAt.get(name) ?? []) keep(i);
    if (!table) {
      for (const i of extensionsOf.get(name) ?? []) keep(i);
      return;
    }
    keep(table.at);
    for (const m of member === undefined ? table.members.keys() : [member]) {
      if (table.used.has(m)) continue;
      table.used.add(m);
      need(table.members.get(m));
    }
  };
  for (const name of wanted) need(exported.get(name));
  while (pending.length > 0) for (const name of info[pending.pop()]) need(name);

  const checker = declaredAt.get('createTypeChecker')?.[0];
  if (checker === undefined || kept.has(checker)) throw new Error('compiler subset: the type checker is still reachable (or was not found): typescript.js changed; see scripts/compilerSubset.mjs');
  const tableAt = new Map([...tables.values()].map((t) => [t.at, t]));
  const text = statements
    .map((s, i) => {
      if (!kept.has(i)) return undefined;
      const table = tableAt.get(i);
      if (!table) return s.getFullText(file);
      const members = [...table.members].filter(([m]) => table.used.has(m)).map(([m, local]) => `  ${m}: () => ${local}`);
      return `__export(${s.expression.arguments[0].text}, {\n${members.join(',\n')}\n});`;
    })
    .filter((t) => t !== undefined)
    .join('\n');
  const list = wanted.map((n) => (exported.get(n) === n ? n : `${exported.get(n)} as ${n}`)).join(', ');
  return `${text}\nexport { ${list} };\n`;
}

function push(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The statements inside `var ts = {}; ((module) => { … })(…)`. */
function moduleBody(ts, file) {
  for (const statement of file.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
    let callee = statement.expression.expression;
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    if (ts.isArrowFunction(callee) && ts.isBlock(callee.body)) return callee.body.statements;
  }
  throw new Error("compiler subset: typescript.js's module function was not found: its layout changed");
}

/** `__export(X, { name: () => local, … })`, other than the public table: X's names and locals. */
function namespaceTable(ts, expression) {
  if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression) || expression.expression.text !== '__export') return undefined;
  const [target, table] = expression.arguments;
  if (!ts.isIdentifier(target) || !table || !ts.isObjectLiteralExpression(table)) return undefined;
  const members = new Map();
  for (const p of table.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || !ts.isArrowFunction(p.initializer) || !ts.isIdentifier(p.initializer.body)) return undefined;
    members.set(p.name.text, p.initializer.body.text);
  }
  return { name: target.text, members };
}

/** `__export(typescript_exports, { name: () => local, … })`: the compiler's public names. */
function isExportTable(ts, statement) {
  if (!ts.isExpressionStatement(statement)) return false;
  const call = statement.expression;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === '__export' && ts.isIdentifier(call.arguments[0]) && call.arguments[0].text === 'typescript_exports';
}

/** `module.exports = __toCommonJS(typescript_exports)` and `0 && (module.exports = {…})`, the annotation for Node's ESM loader. */
function isModuleExports(ts, statement, file) {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return false;
  const { left, operatorToken } = statement.expression;
  if (operatorToken.kind === ts.SyntaxKind.EqualsToken) return left.getText(file) === 'module.exports';
  return operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && left.getText(file) === '0';
}

function declaredNames(ts, statement) {
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.filter((d) => ts.isIdentifier(d.name)).map((d) => d.name.text);
  return [];
}

/** The top-level name a statement only adds to: `X.y = …`, `((X2) => {…})(X || (X = {}))`. */
function extendedName(ts, expression) {
  if (ts.isCallExpression(expression) && ts.isParenthesizedExpression(expression.expression) && expression.arguments.length === 1) {
    const arg = expression.arguments[0];
    return ts.isBinaryExpression(arg) && ts.isIdentifier(arg.left) ? arg.left.text : undefined;
  }
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    let target = expression.left;
    while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) target = target.expression;
    return ts.isIdentifier(target) ? target.text : undefined;
  }
  return undefined;
}

/**
 * Every identifier a statement may refer to, `X.y` as 'X.y' (property names excepted; shadowing
 * ignored, so it keeps more, never less).
 */
function referencedNames(ts, statement) {
  const names = new Set();
  const visit = (node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && ts.isIdentifier(node.name)) {
      names.add(`${node.expression.text}.${node.name.text}`);
      return;
    }
    if (ts.isIdentifier(node) && !isNotReference(ts, node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return [...names];
}

/** A name that is not a reference: a property's, or one being declared (`var x`, `function f`, `(p) =>`, `{ a: b }`). */
function isNotReference(ts, node) {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isBindingElement(parent)) return parent.name === node || parent.propertyName === node;
  return (
    (ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isFunctionExpression(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isClassExpression(parent) ||
      ts.isParameter(parent)) &&
    parent.name === node
  );
}
