import { ts } from 'ts-morph';

// One walk over TypeScript's raw syntax tree collects everything the JS/TS detectors ask about:
// string literals, name-to-value bindings and calls. Raw nodes (not ts-morph wrappers) keep this on
// the fast path (see DESIGN.md: wrappers cost 2-3x); ts-morph's project and type checker are only
// for candidates that need cross-file resolution.

/** A value as far as the syntax (plus same-file constants) tells it. */
export type Value =
  | { kind: 'string'; value: string; start: number; end: number; literal: boolean }
  | { kind: 'boolean'; value: boolean; start: number; end: number }
  /** An object literal: its properties by name (nested objects too), for `{ auth: { pass } }`. */
  | { kind: 'object'; properties: Map<string, Value>; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

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
  value: Value;
}

export interface CallFact {
  /** Dotted callee (`crypto.createHash`, `Math.random`, `fetch`); `new` expressions too. */
  callee: string;
  args: Value[];
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

export function collectJsFacts(path: string, text: string): JsFacts {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
  const constants = collectStringConstants(source);
  const facts: JsFacts = { strings: [], bindings: [], calls: [], syntaxErrors: parseDiagnosticCount(source) };

  const valueOf = (node: ts.Expression): Value => evaluate(node, source, constants);

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
        if (decl.initializer && ts.isIdentifier(decl.name)) facts.bindings.push({ name: decl.name.text, value: valueOf(decl.initializer) });
        break;
      }
      case ts.SyntaxKind.PropertyAssignment: {
        const prop = node as ts.PropertyAssignment;
        const name = propertyNameText(prop.name);
        if (name !== undefined) facts.bindings.push({ name, value: valueOf(prop.initializer) });
        break;
      }
      case ts.SyntaxKind.PropertyDeclaration:
      case ts.SyntaxKind.Parameter:
      case ts.SyntaxKind.EnumMember: {
        const decl = node as ts.PropertyDeclaration | ts.ParameterDeclaration | ts.EnumMember;
        const name = ts.isIdentifier(decl.name) || ts.isStringLiteral(decl.name) ? decl.name.text : undefined;
        if (name !== undefined && decl.initializer) facts.bindings.push({ name, value: valueOf(decl.initializer) });
        break;
      }
      case ts.SyntaxKind.JsxAttribute: {
        const attr = node as ts.JsxAttribute;
        if (attr.initializer && ts.isStringLiteral(attr.initializer) && ts.isIdentifier(attr.name)) {
          facts.bindings.push({ name: attr.name.text, value: valueOf(attr.initializer) });
        }
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        const bin = node as ts.BinaryExpression;
        if (bin.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const name = lastNameSegment(bin.left);
          if (name !== undefined) facts.bindings.push({ name, value: valueOf(bin.right) });
        }
        break;
      }
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.NewExpression: {
        const call = node as ts.CallExpression | ts.NewExpression;
        const callee = dottedName(call.expression);
        if (callee !== undefined) {
          facts.calls.push({
            callee,
            args: (call.arguments ?? []).map(valueOf),
            start: call.getStart(source),
            end: call.getEnd(),
          });
        }
        break;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return facts;
}

function parseDiagnosticCount(source: ts.SourceFile): number {
  // parseDiagnostics is internal but stable; it tells whether the file parsed cleanly.
  const diagnostics = (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  return Array.isArray(diagnostics) ? diagnostics.length : 0;
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  return ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(parent.expression) && parent.expression.text === 'require'));
}

/** `const NAME = 'literal'` anywhere in the file: enough for `createHash(ALGO)` in the same file. */
function collectStringConstants(source: ts.SourceFile): Map<string, ts.Expression> {
  const constants = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.Const) !== 0) {
      for (const decl of node.declarations) {
        if (ts.isIdentifier(decl.name) && decl.initializer) {
          // A name declared twice in different scopes is ambiguous: do not guess.
          if (constants.has(decl.name.text)) constants.set(decl.name.text, decl.name);
          else constants.set(decl.name.text, decl.initializer);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return constants;
}

function evaluate(node: ts.Expression, source: ts.SourceFile, constants: Map<string, ts.Expression>, depth = 0): Value {
  const start = node.getStart(source);
  const end = node.getEnd();
  const other: Value = { kind: 'other', start, end };
  if (depth > 8) return other;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return { kind: 'string', value: node.text, start, end, literal: true };
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    return { kind: 'boolean', value: node.kind === ts.SyntaxKind.TrueKeyword, start, end };
  }
  // `Buffer.from('literal')` carries its string (keys and IVs are often written this way).
  if (ts.isCallExpression(node) && dottedName(node.expression) === 'Buffer.from' && node.arguments.length >= 1) {
    const inner = evaluate(node.arguments[0], source, constants, depth + 1);
    if (inner.kind === 'string') return { ...inner, start, end, literal: false };
    return other;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const properties = new Map<string, Value>();
    for (const prop of node.properties) {
      if (ts.isPropertyAssignment(prop)) {
        const name = propertyNameText(prop.name);
        if (name !== undefined) properties.set(name, evaluate(prop.initializer, source, constants, depth + 1));
      }
    }
    return { kind: 'object', properties, start, end };
  }
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) {
    return evaluate(node.expression, source, constants, depth + 1);
  }
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // `process.env.X || 'fallback'`: the fallback is what ships when the variable is unset.
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      return evaluate(node.right, source, constants, depth + 1);
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const left = evaluate(node.left, source, constants, depth + 1);
      const right = evaluate(node.right, source, constants, depth + 1);
      if (left.kind === 'string' && right.kind === 'string') return { kind: 'string', value: left.value + right.value, start, end, literal: false };
    }
    return other;
  }
  if (ts.isIdentifier(node)) {
    const init = constants.get(node.text);
    if (init && init !== node && !ts.isIdentifier(init)) {
      const resolved = evaluate(init, source, constants, depth + 1);
      // Report at the use site; the value came from a constant, so it is not a literal here.
      if (resolved.kind === 'string') return { ...resolved, start, end, literal: false };
      if (resolved.kind === 'boolean') return { ...resolved, start, end };
    }
  }
  return other;
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text.replace(/^#/, '');
  }
  return undefined;
}

function lastNameSegment(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

function dottedName(node: ts.Expression): string | undefined {
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
  return undefined;
}
