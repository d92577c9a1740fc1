import { ts } from './typescript';
import { collectImports, ImportBinding } from './imports';
import { Evaluator, ModuleReader, Value } from './evaluate';
import { dottedName, lastNameSegment, propertyNameText } from './names';

export type { Value, ModuleReader } from './evaluate';

// One walk over TypeScript's raw syntax tree collects everything the JS/TS detectors ask about:
// string literals, name-to-value bindings and calls. Raw nodes (not ts-morph wrappers) keep this on
// the fast path (see DESIGN.md: wrappers cost 2-3x). Values are evaluated lazily, only for the
// candidates a rule asks about, so cross-file constants are read only when needed.

export interface StringFact {
  value: string;
  /** Offset of the first character of the value (after the quote). */
  valueStart: number;
  /** True for the constant head of a template with substitutions (`http://${host}`). */
  prefixOnly: boolean;
}

export interface BindingFact {
  /** Last segment of the bound name: `process.env.FOO` gives `FOO`. */
  name: string;
  value(): Value;
}

export interface CallFact {
  /** Dotted callee as written (`crypto.createHash`, `Math.random`, `fetch`); `new` expressions too. */
  callee: string;
  /** The callee through imports and requires (`createHash` imported from 'node:crypto' → `crypto.createHash`). */
  resolved: string | undefined;
  argCount: number;
  /** Argument `i`, evaluated on first use; `absent` when missing. */
  arg(i: number): Value;
  /** Names around the call that tell what it is used for: the variable it is assigned to, the enclosing function, identifiers passed along a chain (`.update(password)`). */
  context(): string[];
  start: number;
  end: number;
}

export interface JsFacts {
  strings: StringFact[];
  bindings: BindingFact[];
  calls: CallFact[];
  syntaxErrors: number;
}

export function scriptKindFor(path: string): ts.ScriptKind {
  const p = path.toLowerCase();
  if (p.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (p.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(p)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parseJs(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
}

export function collectJsFacts(path: string, text: string, modules?: ModuleReader): JsFacts {
  const source = parseJs(path, text);
  const imports = collectImports(source);
  const evaluator = new Evaluator(source, path, imports, modules);
  const facts: JsFacts = { strings: [], bindings: [], calls: [], syntaxErrors: parseDiagnosticCount(source) };
  const lazy = (node: ts.Expression): (() => Value) => {
    let value: Value | undefined;
    return () => (value ??= evaluator.evaluate(node));
  };
  const bind = (name: string, node: ts.Expression): void => {
    facts.bindings.push({ name, value: lazy(node) });
  };

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        if (!isModuleSpecifier(node)) {
          const lit = node as ts.StringLiteral;
          facts.strings.push({ value: lit.text, valueStart: lit.getStart(source) + 1, prefixOnly: false });
        }
        break;
      }
      case ts.SyntaxKind.TemplateExpression: {
        const head = (node as ts.TemplateExpression).head;
        facts.strings.push({ value: head.text, valueStart: head.getStart(source) + 1, prefixOnly: true });
        break;
      }
      case ts.SyntaxKind.VariableDeclaration: {
        const decl = node as ts.VariableDeclaration;
        if (decl.initializer && ts.isIdentifier(decl.name)) bind(decl.name.text, decl.initializer);
        break;
      }
      case ts.SyntaxKind.PropertyAssignment: {
        const prop = node as ts.PropertyAssignment;
        const name = propertyNameText(prop.name);
        if (name !== undefined) bind(name, prop.initializer);
        break;
      }
      case ts.SyntaxKind.MethodDeclaration: {
        // `{ checkServerIdentity() { return undefined; } }`: a function bound to a name.
        const method = node as ts.MethodDeclaration;
        const name = propertyNameText(method.name);
        if (name !== undefined && ts.isObjectLiteralExpression(method.parent)) {
          facts.bindings.push({ name, value: () => evaluator.functionValue(method) });
        }
        break;
      }
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.EnumMember: {
        const decl = node as ts.PropertyDeclaration | ts.ParameterDeclaration | ts.EnumMember;
        const name = ts.isIdentifier(decl.name) || ts.isStringLiteral(decl.name) ? decl.name.text : undefined;
        if (name !== undefined && decl.initializer) bind(name, decl.initializer);
        break;
      }
      case ts.SyntaxKind.JsxAttribute: {
        const attr = node as ts.JsxAttribute;
        if (attr.initializer && ts.isStringLiteral(attr.initializer) && ts.isIdentifier(attr.name)) bind(attr.name.text, attr.initializer);
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const bin = node as ts.BinaryExpression;
        if (bin.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const name = lastNameSegment(bin.left);
          if (name !== undefined) bind(name, bin.right);
        }
        break;
      }
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression: {
        const call = node as ts.CallExpression | ts.NewExpression;
        const callee = dottedName(call.expression);
        if (callee !== undefined) facts.calls.push(callFact(call, callee, source, imports, evaluator));
        break;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return facts;
}

function callFact(call: ts.CallExpression | ts.NewExpression, callee: string, source: ts.SourceFile, imports: Map<string, ImportBinding>, evaluator: Evaluator): CallFact {
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const values = new Map<number, Value>();
  let context: string[] | undefined;
  const start = call.getStart(source);
  const end = call.getEnd();
  return {
    callee,
    resolved: resolveCallee(callee, imports),
    argCount: args.length,
    arg(i) {
      let v = values.get(i);
      if (!v) {
        v = i < args.length ? evaluator.evaluate(args[i]) : { kind: 'absent', start, end };
        values.set(i, v);
      }
      return v;
    },
    context: () => (context ??= contextNames(call)),
    start,
    end,
  };
}

/** `h` imported as `createHash` from 'node:crypto' → `crypto.createHash`; `c.createHash` with `c = require('crypto')` → `crypto.createHash`. */
function resolveCallee(callee: string, imports: Map<string, ImportBinding>): string | undefined {
  const [head, ...rest] = callee.split('.');
  const binding = imports.get(head);
  if (!binding) return undefined;
  const base = binding.member === '*' || binding.member === 'default' ? binding.module : `${binding.module}.${binding.member}`;
  return rest.length > 0 ? `${base}.${rest.join('.')}` : base;
}

/** Names that tell what a call is used for, nearest first. */
function contextNames(call: ts.Node): string[] {
  const names: string[] = [];
  let node: ts.Node = call;
  for (let depth = 0; node.parent && depth < 12; depth++) {
    const parent: ts.Node = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent)) {
      // A chain: `createHash('md5').update(password)`: the chained call's arguments say what is hashed.
      for (const a of parent.parent.arguments) names.push(...identifiersIn(a));
      node = parent.parent;
      continue;
    }
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
    else if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
      const n = propertyNameText(parent.name);
      if (n) names.push(n);
    } else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const n = lastNameSegment(parent.left);
      if (n) names.push(n);
    } else if (ts.isCallExpression(parent)) {
      for (const a of parent.arguments) if (a !== node) names.push(...identifiersIn(a));
    } else if ((ts.isFunctionDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name && ts.isIdentifier(parent.name)) {
      names.push(parent.name.text);
      break;
    } else if (ts.isSourceFile(parent) || ts.isClassLike(parent)) {
      break;
    }
    node = parent;
  }
  return names;
}

function identifiersIn(node: ts.Node): string[] {
  if (ts.isIdentifier(node)) return [node.text];
  if (ts.isPropertyAccessExpression(node)) return [node.name.text, ...identifiersIn(node.expression)];
  const out: string[] = [];
  ts.forEachChild(node, (child) => {
    if (out.length < 8) out.push(...identifiersIn(child));
  });
  return out;
}

function parseDiagnosticCount(source: ts.SourceFile): number {
  // parseDiagnostics is internal but stable; it tells whether the file parsed cleanly.
  const diagnostics = (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  return Array.isArray(diagnostics) ? diagnostics.length : 0;
}

/** Parse errors of a JS/TS text (used to check that a quick fix keeps the file parsing). */
export function syntaxErrorCount(path: string, text: string): number {
  return parseDiagnosticCount(parseJs(path, text));
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  return ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(parent.expression) && parent.expression.text === 'require'));
}
