import { ts } from './typescript';
import { collectImports, ImportBinding } from './imports';
import { dottedName, propertyNameText } from './names';
import { parseJs } from './parse';
import { ParseTooCostly } from './parseCost';

// Bound once: the compiler's exports are getters, too slow to call per node on the hot path.
const {
  NodeFlags,
  SyntaxKind,
  forEachChild,
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isBlock,
  isCallExpression,
  isClassDeclaration,
  isEnumDeclaration,
  isExportAssignment,
  isExpressionStatement,
  isExportDeclaration,
  isFunctionDeclaration,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isMethodDeclaration,
  isNamedExports,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isNumericLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isTemplateExpression,
  isThrowStatement,
  isTypeAssertionExpression,
  isVariableDeclarationList,
  isVariableStatement,
  isVoidExpression,
} = ts;

/** A value as far as constant propagation tells it. Offsets are in the file being scanned. */
export type Value =
  | {
      kind: 'string';
      value: string;
      start: number;
      end: number;
      /** The expression is itself a string literal (a fix may rewrite it in place). */
      literal: boolean;
      /** Only a constant prefix is known (`'http://' + host`, `` `http://${host}` ``). */
      partial?: boolean;
      /** A partial value with a constant path after the unknown part (`` `http://${host}/api` ``), unlike a bare prefix (`'http://' + url`, `` `http://${user}:${pass}@${host}` ``). */
      tail?: boolean;
      /** Where the literal is when the value came through a same-file constant (quotes included). */
      origin?: { start: number; end: number };
      /** A whole string literal in another workspace file (`module.exports = { secret: '…' }`): hardcoded there. */
      elsewhere?: boolean;
      /** Concatenated only from literals written here (`'FAax' + 9 + '3ui8'`): hardcoded, though not one literal a fix can rewrite. */
      written?: boolean;
    }
  | { kind: 'number'; value: number; start: number; end: number; literal: boolean }
  /** `fallback`: only the default of a setting (`options.secure ?? false`), what ships when it is not given. */
  | { kind: 'boolean'; value: boolean; start: number; end: number; fallback?: boolean }
  | { kind: 'array'; items: Value[]; start: number; end: number }
  /** An object literal: its properties by name (nested objects too), for `{ auth: { pass } }`. */
  | { kind: 'object'; properties: Map<string, Value>; start: number; end: number; /** A spread or computed key: a missing property may still be there. */ open?: boolean }
  /** A function: whether it can only return nothing (`() => {}`, `() => undefined`). */
  /**
   * A function: whether every path returns nothing, and the broken hash algorithm it returns a
   * digest of, if it is a hashing helper (`const hash = (d) => createHash('md5').update(d).digest('hex')`).
   */
  | { kind: 'function'; returnsNothing: boolean; weakHash?: string; name?: string; start: number; end: number }
  /** A missing argument or property. */
  | { kind: 'absent'; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

/**
 * Reads another module of the workspace for cross-file constants. Supplied by the caller (the
 * language server, the CLI), so the engine itself never touches the file system.
 */
export interface ModuleReader {
  read(fromPath: string, specifier: string): { path: string; text: string } | undefined;
  /** The text of a module already resolved (absolute path), without resolving anything. */
  textOf?(absolute: string): string | undefined;
}

const MAX_DEPTH = 10;
const MAX_MODULE_HOPS = 4;

/** A const and the block (or file, or `for` statement) it is declared in. */
export interface ScopedConstant {
  scope: ts.Node;
  init: ts.Expression;
}

/** Constant propagation over one file: literals, same-file consts, imports (cross-file, lazily), templates, concatenation, enums. */
export class Evaluator {
  private constants: Map<string, ts.Expression> | undefined;
  private members: Map<string, ts.Expression> | undefined;
  /** Consts declared more than once in different blocks (`const options` in two handlers): resolved by the use's scope. */
  private scoped: Map<string, ScopedConstant[]> | undefined;
  private enums: Map<string, ts.EnumDeclaration> | undefined;

  constructor(
    private readonly source: ts.SourceFile,
    private readonly path: string,
    private readonly imports: Map<string, ImportBinding>,
    private readonly modules: ModuleReader | undefined,
    private readonly hops = 0,
    private readonly moduleCache = new Map<string, Evaluator | null>(),
  ) {}

  /**
   * Same-file constants already gathered by a walk of the caller (as `localConstants` would find
   * them, plus `let`/`var` written once), and `this.x` members written once (a class field or an
   * assignment in the constructor).
   */
  useConstants(constants: Map<string, ts.Expression>, members?: Map<string, ts.Expression>, scoped?: Map<string, ScopedConstant[]>): void {
    this.constants = constants;
    this.members = members;
    this.scoped = scoped;
  }

  evaluate(node: ts.Expression, depth = 0): Value {
    const start = node.getStart(this.source);
    const end = node.getEnd();
    const other: Value = { kind: 'other', start, end };
    if (depth > MAX_DEPTH) return other;
    if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return { kind: 'string', value: node.text, start, end, literal: true };
    if (isNumericLiteral(node)) return { kind: 'number', value: Number(node.text.replace(/_/g, '')), start, end, literal: true };
    if (node.kind === SyntaxKind.TrueKeyword || node.kind === SyntaxKind.FalseKeyword) {
      return { kind: 'boolean', value: node.kind === SyntaxKind.TrueKeyword, start, end };
    }
    if (isParenthesizedExpression(node) || isAsExpression(node) || isNonNullExpression(node) || isSatisfiesExpression(node) || isTypeAssertionExpression(node)) {
      return this.at(this.evaluate(node.expression, depth + 1), start, end);
    }
    if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.MinusToken) {
      const inner = this.evaluate(node.operand, depth + 1);
      return inner.kind === 'number' ? { ...inner, value: -inner.value, start, end, literal: false } : other;
    }
    // `!insecure` with `const insecure = true`: a flag held in a constant, negated.
    if (isPrefixUnaryExpression(node) && node.operator === SyntaxKind.ExclamationToken) {
      const inner = this.evaluate(node.operand, depth + 1);
      return inner.kind === 'boolean' ? { kind: 'boolean', value: !inner.value, start, end } : other;
    }
    if (isArrayLiteralExpression(node)) return { kind: 'array', items: node.elements.map((e) => this.evaluate(e, depth + 1)), start, end };
    if (isObjectLiteralExpression(node)) return this.objectValue(node, depth, start, end);
    if (isArrowFunction(node) || isFunctionExpression(node)) return this.functionValue(node);
    if (isTemplateExpression(node)) return this.template(node, depth, start, end);
    if (isBinaryExpression(node)) return this.binary(node, depth, start, end);
    if (isCallExpression(node)) return this.call(node, depth, start, end);
    if (isIdentifier(node)) {
      if (node.text === 'undefined') return { kind: 'absent', start, end };
      return this.at(this.identifier(node.text, depth, node), start, end, true);
    }
    if (isPropertyAccessExpression(node)) {
      const target = this.propertyAccess(node, depth);
      return target ? this.at(target, start, end, true) : other;
    }
    return other;
  }

  /** A function's value: whether every path returns nothing. */
  functionValue(fn: ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration | ts.FunctionDeclaration): Value {
    const start = fn.getStart(this.source);
    const end = fn.getEnd();
    const body = fn.body;
    if (!body) return { kind: 'function', returnsNothing: false, start, end };
    const weak = weakHashIn(body);
    const weakHash = weak ? { weakHash: weak } : {};
    if (!isBlock(body)) {
      const v = this.evaluate(body);
      const nothing = v.kind === 'absent' || body.kind === SyntaxKind.NullKeyword || isVoidExpression(body);
      return { kind: 'function', returnsNothing: nothing, ...(nothing ? {} : weakHash), start, end };
    }
    let returnsSomething = false;
    const visit = (n: ts.Node): void => {
      if (isFunctionLike(n)) return;
      if (isReturnStatement(n) && n.expression && n.expression.kind !== SyntaxKind.NullKeyword && !(isIdentifier(n.expression) && n.expression.text === 'undefined')) {
        returnsSomething = true;
      }
      if (isThrowStatement(n)) returnsSomething = true;
      forEachChild(n, visit);
    };
    forEachChild(body, visit);
    return { kind: 'function', returnsNothing: !returnsSomething, ...(returnsSomething ? weakHash : {}), start, end };
  }

  /** The value of a name exported by this module (`export const X`, `export { a as X }`, re-exports, `export default`). */
  exportValue(name: string, depth: number): Value | undefined {
    for (const statement of this.source.statements) {
      if (isFunctionDeclaration(statement) && statement.name?.text === name && statement.modifiers?.some((m) => m.kind === SyntaxKind.ExportKeyword)) return this.functionValue(statement);
      if (isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === SyntaxKind.ExportKeyword)) {
        for (const decl of statement.declarationList.declarations) {
          if (isIdentifier(decl.name) && decl.name.text === name && decl.initializer) return this.evaluate(decl.initializer, depth + 1);
        }
      }
      if (isEnumDeclaration(statement) && statement.name.text === name) return undefined;
      if (isExportAssignment(statement) && name === 'default') return this.evaluate(statement.expression, depth + 1);
      if (isExportDeclaration(statement)) {
        const specifier = statement.moduleSpecifier && isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (clause && isNamedExports(clause)) {
          for (const el of clause.elements) {
            if (el.name.text !== name) continue;
            const local = (el.propertyName ?? el.name).text;
            if (specifier) return this.moduleExport(specifier, local, depth);
            return this.identifier(local, depth);
          }
        } else if (!clause && specifier) {
          const v = this.moduleExport(specifier, name, depth);
          if (v) return v;
        }
      }
    }
    return this.commonJsExport(name, depth);
  }

  /**
   * CommonJS: `module.exports = { key: … }` (the whole object for `*` or `default`, one property
   * by name), `module.exports.key = …` and `exports.key = …`. The last top-level write wins, as at run time.
   */
  private commonJsExport(name: string, depth: number): Value | undefined {
    // Only the expressions asked for are evaluated: a module may export many functions.
    let whole: ts.Expression | undefined;
    const named = new Map<string, ts.Expression>();
    for (const statement of this.source.statements) {
      if (!isExpressionStatement(statement) || !isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== SyntaxKind.EqualsToken) continue;
      const { left, right } = statement.expression;
      const target = dottedName(left)?.split('.');
      if (target?.length === 2 && target[0] === 'module' && target[1] === 'exports') {
        whole = right;
        named.clear();
      } else if ((target?.length === 3 && target[0] === 'module' && target[1] === 'exports') || (target?.length === 2 && target[0] === 'exports')) {
        named.set(target[target.length - 1], right);
      }
    }
    const wholeValue = (): Value | undefined => (whole ? this.evaluate(whole, depth + 1) : undefined);
    if (name === '*' || name === 'default') {
      if (named.size === 0) return wholeValue();
      const base = wholeValue();
      const properties = new Map(base?.kind === 'object' ? base.properties : []);
      for (const [k, v] of named) properties.set(k, this.evaluate(v, depth + 1));
      return { kind: 'object', properties, start: 0, end: 0 };
    }
    const own = named.get(name);
    if (own) return this.evaluate(own, depth + 1);
    const base = wholeValue();
    return base?.kind === 'object' ? base.properties.get(name) : undefined;
  }

  private at(value: Value, start: number, end: number, throughName = false): Value {
    if (value.kind === 'string') {
      // A partial value keeps where its known prefix is written too (`this.base = `http://${host}``).
      const origin = (value.literal || value.partial) && throughName && !value.origin ? { start: value.start, end: value.end } : value.origin;
      return { ...value, start, end, literal: throughName ? false : value.literal, ...(origin ? { origin } : {}) };
    }
    if (value.kind === 'number') return { ...value, start, end, literal: throughName ? false : value.literal };
    return { ...value, start, end };
  }

  private objectValue(node: ts.ObjectLiteralExpression, depth: number, start: number, end: number): Value {
    const properties = new Map<string, Value>();
    let open = false;
    for (const prop of node.properties) {
      if (isPropertyAssignment(prop)) {
        const name = propertyNameText(prop.name);
        if (name !== undefined) properties.set(name, this.evaluate(prop.initializer, depth + 1));
      } else if (isMethodDeclaration(prop)) {
        const name = propertyNameText(prop.name);
        if (name !== undefined) properties.set(name, this.functionValue(prop));
      } else if (isShorthandPropertyAssignment(prop)) {
        properties.set(prop.name.text, this.evaluate(prop.name, depth + 1));
        continue;
      }
      if (!isMethodDeclaration(prop) && !isPropertyAssignment(prop)) open = true;
      else if (propertyNameText(prop.name) === undefined) open = true;
    }
    return { kind: 'object', properties, start, end, ...(open ? { open } : {}) };
  }

  private template(node: ts.TemplateExpression, depth: number, start: number, end: number): Value {
    let value = node.head.text;
    for (const [i, span] of node.templateSpans.entries()) {
      const part = this.evaluate(span.expression, depth + 1);
      if ((part.kind !== 'string' && part.kind !== 'number') || (part.kind === 'string' && part.partial)) {
        const tail = node.templateSpans.slice(i).some((s) => /[/?]/.test(s.literal.text));
        // `${this.baseUrl}/register`: the known prefix is written where baseUrl is set; say where.
        const origin = part.kind === 'string' && value === '' ? (part.origin ?? { start: part.start, end: part.end }) : undefined;
        return { kind: 'string', value: part.kind === 'string' ? value + part.value : value, start, end, literal: false, partial: true, ...(tail ? { tail } : {}), ...(origin ? { origin } : {}) };
      }
      value += String(part.value) + span.literal.text;
    }
    return { kind: 'string', value, start, end, literal: false };
  }

  private binary(node: ts.BinaryExpression, depth: number, start: number, end: number): Value {
    const op = node.operatorToken.kind;
    const other: Value = { kind: 'other', start, end };
    // `process.env.X || 'fallback'`: the fallback is what ships when the variable is unset.
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) {
      const fallback = this.evaluate(node.right, depth + 1);
      // `secureCookies ?? false`: a flag's default; the setting on the left decides.
      if (fallback.kind === 'boolean') return { ...fallback, start, end, fallback: true };
      return this.at(fallback, start, end, true);
    }
    const left = this.evaluate(node.left, depth + 1);
    if (op === SyntaxKind.PlusToken && left.kind === 'string') {
      if (left.partial) {
        const right = left.tail ? undefined : this.evaluate(node.right, depth + 1);
        const tail = left.tail || (right?.kind === 'string' && /[/?]/.test(right.value));
        return { ...left, start, end, literal: false, ...(tail ? { tail: true } : {}) };
      }
      const right = this.evaluate(node.right, depth + 1);
      if (right.kind === 'string' || right.kind === 'number') {
        const partial = right.kind === 'string' && right.partial;
        const fromLiterals = (v: Value): boolean => (v.kind === 'string' || v.kind === 'number') && (v.literal || (v.kind === 'string' && (v.written === true || v.origin !== undefined)));
        const written = !partial && fromLiterals(left) && fromLiterals(right);
        return { kind: 'string', value: left.value + String(right.value), start, end, literal: false, ...(partial ? { partial: true } : {}), ...(written ? { written } : {}) };
      }
      return { kind: 'string', value: left.value, start, end, literal: false, partial: true };
    }
    if (left.kind !== 'number') return other;
    const right = this.evaluate(node.right, depth + 1);
    if (right.kind !== 'number') return other;
    const math: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
      [SyntaxKind.PlusToken]: (a, b) => a + b,
      [SyntaxKind.MinusToken]: (a, b) => a - b,
      [SyntaxKind.AsteriskToken]: (a, b) => a * b,
      [SyntaxKind.AsteriskAsteriskToken]: (a, b) => a ** b,
      [SyntaxKind.LessThanLessThanToken]: (a, b) => a << b,
    };
    const f = math[op];
    return f ? { kind: 'number', value: f(left.value, right.value), start, end, literal: false } : other;
  }

  private call(node: ts.CallExpression, depth: number, start: number, end: number): Value {
    const callee = dottedName(node.expression);
    const arg0 = node.arguments[0];
    // `Buffer.from('literal')` and `new TextEncoder().encode('literal')` carry their string (keys
    // and IVs are often written this way; jose takes keys as encoded bytes).
    if ((callee === 'Buffer.from' || isEncoderCall(node)) && arg0) {
      return carried(this.evaluate(arg0, depth + 1), start, end);
    }
    // `createHash('sha256').update('literal').digest()`: a key derived from a written string is as
    // hardcoded as the string; `.toString()` of a carried string keeps it.
    const derived = hashedLiteral(node) ?? (callee?.endsWith('.toString') && isPropertyAccessExpression(node.expression) ? node.expression.expression : undefined);
    if (derived) {
      const inner = this.evaluate(derived, depth + 1);
      return inner.kind === 'string' && (inner.literal || inner.origin) ? carried(inner, start, end) : { kind: 'other', start, end };
    }
    // `require('./config')` anywhere (inside a function too): what the module exports.
    if (callee === 'require' && arg0 && isStringLiteral(arg0) && node.arguments.length === 1) {
      return this.moduleExport(arg0.text, '*', depth) ?? { kind: 'other', start, end };
    }
    // `Buffer.alloc(16)` without a fill: sixteen zero bytes, a constant.
    if (callee === 'Buffer.alloc' && arg0 && node.arguments.length === 1) {
      const size = this.evaluate(arg0, depth + 1);
      if (size.kind === 'number' && size.value >= 0 && size.value <= 1024) return { kind: 'string', value: '\0'.repeat(size.value), start, end, literal: false };
    }
    return { kind: 'other', start, end };
  }

  private identifier(name: string, depth: number, use?: ts.Node): Value {
    const none: Value = { kind: 'other', start: 0, end: 0 };
    const init = this.localConstants().get(name) ?? (use && this.scopedConstant(name, use));
    if (init) return this.evaluate(init, depth + 1);
    const fn = this.functionDeclaration(name);
    if (fn) return this.functionValue(fn);
    const binding = this.imports.get(name);
    if (binding && binding.member !== '*') return this.moduleExport(binding.module, binding.member, depth) ?? none;
    return none;
  }

  private propertyAccess(node: ts.PropertyAccessExpression, depth: number): Value | undefined {
    // Enum members and properties of constant objects: `Algo.Md5`, `CONFIG.hash`.
    if (isIdentifier(node.expression)) {
      const e = this.localEnums().get(node.expression.text);
      if (e) {
        const member = e.members.find((m) => propertyNameText(m.name) === node.name.text);
        return member?.initializer ? this.evaluate(member.initializer, depth + 1) : undefined;
      }
      const binding = this.imports.get(node.expression.text);
      if (binding && binding.member === '*') return this.moduleExport(binding.module, node.name.text, depth);
      // `Service.KEY`: a static field of a class in this file, when nothing else writes a member of that name.
      const field = this.staticField(node.expression.text, node.name.text);
      if (field) return this.members?.get(node.name.text) === field ? this.evaluate(field, depth + 1) : undefined;
    }
    if (node.expression.kind === SyntaxKind.ThisKeyword) {
      const member = this.members?.get(node.name.text);
      return member ? this.evaluate(member, depth + 1) : undefined;
    }
    const target = this.evaluate(node.expression, depth + 1);
    return target.kind === 'object' ? target.properties.get(node.name.text) : undefined;
  }

  /** A value exported by another workspace module, read through the caller's ModuleReader. */
  private moduleExport(specifier: string, member: string, depth: number): Value | undefined {
    if (!this.modules || this.hops >= MAX_MODULE_HOPS || !/^[./]/.test(specifier)) return undefined;
    const key = `${this.path}\0${specifier}`;
    let evaluator = this.moduleCache.get(key);
    if (evaluator === undefined) {
      const file = this.modules.read(this.path, specifier);
      const source = file ? parsedOrUndefined(file.path, file.text) : undefined;
      evaluator = file && source ? new Evaluator(source, file.path, collectImports(source), this.modules, this.hops + 1, this.moduleCache) : null;
      this.moduleCache.set(key, evaluator);
    }
    const value = evaluator?.exportValue(member, depth);
    return value && foreign(value);
  }

  /** `function name() {…}` at the top level of the file. */
  private functionDeclaration(name: string): ts.FunctionDeclaration | undefined {
    for (const s of this.source.statements) if (isFunctionDeclaration(s) && s.name?.text === name && s.body) return s;
    return undefined;
  }

  /** The const a use of `name` sees: the one declared in the nearest block around the use. */
  private scopedConstant(name: string, use: ts.Node): ts.Expression | undefined {
    const candidates = this.scoped?.get(name);
    if (!candidates) return undefined;
    for (let node: ts.Node | undefined = use.parent; node; node = node.parent) {
      const found = candidates.find((c) => c.scope === node);
      if (found) return found.init;
    }
    return undefined;
  }

  /** `const NAME = …` anywhere in the file; a name declared twice in different scopes is ambiguous: no guess. */
  private localConstants(): Map<string, ts.Expression> {
    if (this.constants) return this.constants;
    const constants = new Map<string, ts.Expression>();
    const ambiguous = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (isVariableDeclarationList(node) && (node.flags & NodeFlags.Const) !== 0) {
        for (const decl of node.declarations) {
          if (isIdentifier(decl.name) && decl.initializer) {
            if (constants.has(decl.name.text)) ambiguous.add(decl.name.text);
            constants.set(decl.name.text, decl.initializer);
          }
        }
      }
      forEachChild(node, visit);
    };
    visit(this.source);
    for (const name of ambiguous) constants.delete(name);
    this.constants = constants;
    return constants;
  }

  /** The initializer of `static name = …` in the top-level class `className`. */
  private staticField(className: string, name: string): ts.Expression | undefined {
    for (const s of this.source.statements) {
      if (!isClassDeclaration(s) || s.name?.text !== className) continue;
      for (const m of s.members) {
        if (isPropertyDeclaration(m) && m.initializer && propertyNameText(m.name) === name && m.modifiers?.some((x) => x.kind === SyntaxKind.StaticKeyword)) return m.initializer;
      }
    }
    return undefined;
  }

  private localEnums(): Map<string, ts.EnumDeclaration> {
    if (!this.enums) {
      this.enums = new Map();
      for (const s of this.source.statements) if (isEnumDeclaration(s)) this.enums.set(s.name.text, s);
    }
    return this.enums;
  }
}

/** A string passed through a call (`Buffer.from('…')`): the call's value, pointing back at the literal it came from. */
function carried(inner: Value, start: number, end: number): Value {
  if (inner.kind !== 'string') return { kind: 'other', start, end };
  const origin = inner.literal ? { start: inner.start, end: inner.end } : inner.origin;
  return { ...inner, start, end, literal: false, ...(origin ? { origin } : {}) };
}

/** The string argument of `….update(x).digest(…)` on a `createHash`/`createHmac` chain, if that is what `node` is. */
function hashedLiteral(node: ts.CallExpression): ts.Expression | undefined {
  const digest = node.expression;
  if (!isPropertyAccessExpression(digest) || digest.name.text !== 'digest' || !isCallExpression(digest.expression)) return undefined;
  const update = digest.expression;
  if (!isPropertyAccessExpression(update.expression) || update.expression.name.text !== 'update' || update.arguments.length < 1) return undefined;
  const base = update.expression.expression;
  if (!isCallExpression(base)) return undefined;
  const creator = dottedName(base.expression) ?? '';
  // An HMAC of a literal is as secret as its key: hardcoded only when the key is written too
  // (`createHmac('sha256', opts.secret).update('label')` derives from a secret, HKDF-style).
  const keyWritten = base.arguments[1] !== undefined && (isStringLiteral(base.arguments[1]) || isNoSubstitutionTemplateLiteral(base.arguments[1]));
  if (!/(?:^|\.)createHash$/.test(creator) && !(/(?:^|\.)createHmac$/.test(creator) && keyWritten)) return undefined;
  return update.arguments[0];
}

const WEAK_HASHES = new Set(['md2', 'md4', 'md5', 'sha1', 'sha-1', 'ripemd', 'ripemd128', 'rmd128', 'ripemd160', 'rmd160', 'md5-sha1', 'rsa-md4', 'rsa-md5', 'rsa-sha1']);

/** The broken algorithm of a `createHash('md5')` call in a function body (not in nested functions), if any. */
function weakHashIn(body: ts.Node): string | undefined {
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (isCallExpression(n) && n.arguments.length > 0 && isStringLiteral(n.arguments[0]) && WEAK_HASHES.has(n.arguments[0].text.toLowerCase())) {
      const callee = n.expression;
      const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (name === 'createHash') found = n.arguments[0].text;
    }
    forEachChild(n, visit);
  };
  visit(body);
  return found;
}

/** `new TextEncoder().encode(x)` or `encoder.encode(x)`. */
function isEncoderCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (!isPropertyAccessExpression(callee) || callee.name.text !== 'encode') return false;
  const receiver = callee.expression;
  if (isNewExpression(receiver)) return isIdentifier(receiver.expression) && receiver.expression.text === 'TextEncoder';
  return isIdentifier(receiver) && /encoder$/i.test(receiver.text);
}

/**
 * A value from another file: its offsets mean nothing here, so they are dropped (the caller
 * re-anchors the value at the use site) and nothing in it counts as a literal of this file, down
 * to the properties of an exported object (`module.exports = { secret: '…' }`).
 */
function foreign(value: Value): Value {
  switch (value.kind) {
    case 'string':
      return {
        kind: 'string',
        value: value.value,
        start: 0,
        end: 0,
        literal: false,
        ...(value.partial ? { partial: true } : {}),
        ...(value.literal || value.origin || value.elsewhere ? { elsewhere: true } : {}),
      };
    case 'number':
      return { ...value, start: 0, end: 0, literal: false };
    case 'object':
      return { ...value, start: 0, end: 0, properties: new Map([...value.properties].map(([k, v]) => [k, foreign(v)])) };
    case 'array':
      return { ...value, start: 0, end: 0, items: value.items.map(foreign) };
    default:
      return { ...value, start: 0, end: 0 };
  }
}

/** Another module's tree; none when the parser would take too long on it (its values are then unknown). */
function parsedOrUndefined(path: string, text: string): ts.SourceFile | undefined {
  try {
    return parseJs(path, text);
  } catch (err) {
    if (err instanceof ParseTooCostly) return undefined;
    throw err;
  }
}
