import { ts } from './typescript';
import { namesIndex, parseErrorCount, parseIncrementally, parseJs, SyntaxMemoState } from './parse';
import { collectImports, ImportBinding } from './imports';
import { Evaluator, ModuleReader, ScopedConstant, Value } from './evaluate';
import { dottedName, lastNameSegment, propertyNameText } from './names';

// Bound once: the compiler's exports are getters, too slow to call per node on the hot path.
const {
  NodeFlags,
  SyntaxKind,
  forEachChild,
  getLeadingCommentRanges,
  getTrailingCommentRanges,
  isParenthesizedExpression,
  isBinaryExpression,
  isBlock,
  isExpressionStatement,
  isReturnStatement,
  isVariableStatement,
  isConditionalExpression,
  isFunctionLike,
  isIfStatement,
  isCallExpression,
  isClassLike,
  isExportDeclaration,
  isExternalModuleReference,
  isFunctionDeclaration,
  isIdentifier,
  isImportDeclaration,
  isMethodDeclaration,
  isObjectLiteralExpression,
  isParameter,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isSourceFile,
  isStringLiteral,
  isVariableDeclaration,
  isObjectBindingPattern,
  isArrayBindingPattern,
  isModuleBlock,
  isCaseClause,
  isDefaultClause,
  isIterationStatement,
} = ts;

export type { Value, ModuleReader } from './evaluate';
export { parseJs, scriptKindFor } from './parse';

// One walk over TypeScript's raw syntax tree collects everything the JS/TS detectors ask about:
// string literals, name-to-value bindings and calls. Raw nodes (not ts-morph wrappers) keep this on
// the fast path (measured: ts-morph's wrappers cost 2-3x the raw walk). Values are evaluated lazily, only for the
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
  /** Names in the conditions that guard the binding (`if (options.insecure) { … }`), nearest first, up to the enclosing function. */
  guards?(): string[];
  /** Names of the variables and properties whose value holds the binding (`export const samples = [{ body: { token } }]` → body, samples), nearest first. */
  holders?(): string[];
}

export interface CallFact {
  /** Dotted callee as written (`crypto.createHash`, `Math.random`, `fetch`); `new` expressions too. */
  callee: string;
  /** The callee through imports and requires (`createHash` imported from 'node:crypto' → `crypto.createHash`). */
  resolved: string | undefined;
  /** Argument `i`, evaluated on first use; `absent` when missing. */
  arg(i: number): Value;
  /** Names around the call that tell what it is used for: the variable it is assigned to, the enclosing function, identifiers passed along a chain (`.update(password)`). */
  context(): string[];
  /** Names of the classes the call is in, nearest first (a class expression by the variable or property it is bound to). */
  classNames(): string[];
  /** Identifiers in the call's own arguments (`hash(req.body.password)` → password, body, req). */
  argumentNames(): string[];
  /** A span `[start, end)` of the file that holds every name argumentNames() and context() give, found without gathering them. */
  namesSpan(): [number, number];
  /** What the callee is, by constant propagation: a function of this file or another workspace module. */
  calleeValue(): Value;
  /** The call's result leaves its function: returned, directly or through the variable holding it (`return h.digest()`). */
  returned(): boolean;
  /** Names in the conditions the call sits under (`enableTls ? … : call()`), and the parameter it is the default of. */
  guards(): string[];
  /** The call's value is stored as is in an object property or JSX attribute (`{ nonce: Math.random() }`, `key={Math.random()}`): not made into text, not combined. */
  storedAsIs(): boolean;
  /** The call's value is an operand of `<`, `<=`, `>` or `>=` (`Math.random() < rate`): a number compared, never kept. */
  compared(): boolean;
  start: number;
  end: number;
}

export interface JsFacts {
  strings: StringFact[];
  bindings: BindingFact[];
  calls: CallFact[];
  /** Calls whose callee, as written or resolved, ends with one of these names (`createHash`, `get`), in source order. */
  callsNamed(names: ReadonlySet<string>): CallFact[];
  /** Bindings whose name passes `test`, in source order; each name is tested once however often it is bound. */
  bindingsNamed(test: (name: string) => boolean): BindingFact[];
  /** Comment spans `[start, end)`, in source order, worked out on first use. */
  comments(): Array<[number, number]>;
  /**
   * Where names that pass `test` are: undefined when no name that a call's context(),
   * argumentNames() or guards() could give passes it (no call needs asking); otherwise whether a
   * span of the file may hold one (a call whose namesSpan() holds none needs no asking either).
   */
  whereNamed(test: (name: string) => boolean): ((start: number, end: number) => boolean) | undefined;
}

export function collectJsFacts(path: string, text: string, modules?: ModuleReader, memo?: SyntaxMemoState): JsFacts {
  const source = memo ? parseIncrementally(path, text, memo) : parseJs(path, text);
  const imports = collectImports(source);
  const evaluator = new Evaluator(source, path, imports, modules);
  const constants = new Map<string, ts.Expression>();
  const ambiguous = new Set<string>();
  const scoped = new Map<string, ScopedConstant[]>();
  // `let`/`var` and `this.x` count as constants when written once: declared with a value and never
  // assigned again, or declared bare and assigned once (`let key; key = '…'`).
  const writes = new Map<string, ts.Expression[]>();
  const members = new Map<string, ts.Expression[]>();
  const write = (into: Map<string, ts.Expression[]>, name: string, value: ts.Expression | undefined): void => {
    const list = into.get(name) ?? [];
    // A bare declaration (undefined) is not a write; an update (`x += 1`) is one with no usable value.
    if (value) list.push(value);
    into.set(name, list);
  };
  const variables = new Set<string>();
  const calls: CallFact[] = [];
  let byName: Map<string, number[]> | undefined;
  let bindingsByName: { names: string[]; at: number[][] } | undefined;
  let comments: Array<[number, number]> | undefined;
  const facts: JsFacts = {
    strings: [],
    bindings: [],
    calls,
    callsNamed(names) {
      byName ??= indexCallsByName(calls);
      // Mostly no name is called, or one is: its list is in source order already.
      let only: number[] | undefined;
      let several = false;
      for (const name of names) {
        const list = byName.get(name);
        if (!list) continue;
        several = only !== undefined;
        if (several) break;
        only = list;
      }
      if (!only) return [];
      if (!several) return only.map((i) => calls[i]);
      const picked = new Set<number>();
      for (const name of names) for (const i of byName.get(name) ?? []) picked.add(i);
      return [...picked].sort((a, b) => a - b).map((i) => calls[i]);
    },
    bindingsNamed(test) {
      bindingsByName ??= indexByName(facts.bindings);
      // Twelve rules ask each file: no iterator, and nothing allocated when no name passes (most files).
      const { names, at } = bindingsByName;
      let picked: number[] | undefined;
      let several = false;
      for (let i = 0; i < names.length; i++) {
        if (!test(names[i])) continue;
        several = picked !== undefined;
        picked = several ? picked!.concat(at[i]) : at[i];
      }
      if (!picked) return [];
      // A name's bindings are in source order; several names' are merged.
      if (several) picked.sort((a, b) => a - b);
      return picked.map((i) => facts.bindings[i]);
    },
    comments: () => (comments ??= commentSpans(source)),
    whereNamed(test) {
      const index = namesIndex(source);
      // No index from the compiler: every call is asked.
      if (!index) return anywhere;
      const passing: string[] = [];
      // Spots are found in the text, so a name written with escapes (`\u0070ass`, 'p\x61ss') would be missed there.
      let spotted = !text.includes('\\u');
      for (const name of index) {
        // `this.#pass` names the field with its '#', its declaration without it.
        const bare = name.charCodeAt(0) === 35 ? name.slice(1) : name;
        if (test(name) || (bare !== name && test(bare))) passing.push(bare);
      }
      // The strings names are taken from are the ones recorded here (not in types, not module paths).
      for (const s of facts.strings) {
        if (s.prefixOnly || !test(s.value)) continue;
        passing.push(s.value);
        if (text.slice(s.valueStart, s.valueStart + s.value.length) !== s.value) spotted = false;
      }
      if (passing.length === 0) return undefined;
      return spotted ? spanHolds(spotsOf(text, passing)) : anywhere;
    },
  };
  const bind = (name: string, node: ts.Expression): void => {
    facts.bindings.push(new Binding(name, node, evaluator));
  };

  let parent: ts.Node = source;
  const visit = (node: ts.Node): void => {
    (node as { parent: ts.Node }).parent = parent;
    const kind = KINDS[node.kind];
    if (kind === 0) return;
    if (kind & HANDLED)
      switch (node.kind) {
        case SyntaxKind.StringLiteral:
        case SyntaxKind.NoSubstitutionTemplateLiteral: {
          if (!isModuleSpecifier(node)) {
            facts.strings.push(new StringLiteral(node as ts.StringLiteral, source, false));
          }
          break;
        }
        case SyntaxKind.TemplateExpression: {
          facts.strings.push(new StringLiteral((node as ts.TemplateExpression).head, source, true));
          break;
        }
        case SyntaxKind.VariableDeclarationList: {
          // Same-file constants for the evaluator, gathered here instead of in a walk of its own.
          const list = node as ts.VariableDeclarationList;
          const isConst = (list.flags & NodeFlags.Const) !== 0;
          for (const decl of list.declarations) {
            if (!isIdentifier(decl.name)) continue;
            if (isConst) {
              if (!decl.initializer) continue;
              if (constants.has(decl.name.text) || variables.has(decl.name.text)) ambiguous.add(decl.name.text);
              constants.set(decl.name.text, decl.initializer);
              const declared = scoped.get(decl.name.text) ?? [];
              declared.push({ scope: scopeOf(list), init: decl.initializer });
              scoped.set(decl.name.text, declared);
            } else {
              if (variables.has(decl.name.text) || constants.has(decl.name.text)) ambiguous.add(decl.name.text);
              variables.add(decl.name.text);
              write(writes, decl.name.text, decl.initializer);
            }
          }
          break;
        }
        case SyntaxKind.VariableDeclaration: {
          const decl = node as ts.VariableDeclaration;
          if (decl.initializer && isIdentifier(decl.name)) bind(decl.name.text, decl.initializer);
          break;
        }
        case SyntaxKind.PropertyAssignment: {
          const prop = node as ts.PropertyAssignment;
          const name = propertyNameText(prop.name);
          if (name !== undefined) bind(name, prop.initializer);
          break;
        }
        case SyntaxKind.MethodDeclaration: {
          // `{ checkServerIdentity() { return undefined; } }`: a function bound to a name.
          const method = node as ts.MethodDeclaration;
          const name = propertyNameText(method.name);
          if (name !== undefined && isObjectLiteralExpression(method.parent)) {
            facts.bindings.push({ name, value: () => evaluator.functionValue(method) });
          }
          break;
        }
        case SyntaxKind.PrefixUnaryExpression:
        case SyntaxKind.PostfixUnaryExpression: {
          // `x++` and `--x` write; `!x`, `-x` and `~x` only read.
          const unary = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
          const writes = unary.operator === SyntaxKind.PlusPlusToken || unary.operator === SyntaxKind.MinusMinusToken;
          if (writes && isIdentifier(unary.operand)) ambiguous.add(unary.operand.text);
          break;
        }
        case SyntaxKind.PropertyDeclaration:
        case SyntaxKind.Parameter:
        case SyntaxKind.EnumMember: {
          const decl = node as ts.PropertyDeclaration | ts.ParameterDeclaration | ts.EnumMember;
          const name = isIdentifier(decl.name) || isStringLiteral(decl.name) ? decl.name.text : undefined;
          if (name !== undefined && decl.initializer) bind(name, decl.initializer);
          if (name !== undefined && node.kind === SyntaxKind.PropertyDeclaration) write(members, name, decl.initializer);
          break;
        }
        case SyntaxKind.JsxAttribute: {
          const attr = node as ts.JsxAttribute;
          if (attr.initializer && isStringLiteral(attr.initializer) && isIdentifier(attr.name)) bind(attr.name.text, attr.initializer);
          break;
        }
        case SyntaxKind.BinaryExpression: {
          const bin = node as ts.BinaryExpression;
          if (bin.operatorToken.kind === SyntaxKind.EqualsToken) {
            const name = lastNameSegment(bin.left);
            if (name !== undefined) bind(name, bin.right);
            if (isIdentifier(bin.left)) write(writes, bin.left.text, bin.right);
            else if (isPropertyAccessExpression(bin.left) && bin.left.expression.kind === SyntaxKind.ThisKeyword) write(members, bin.left.name.text, bin.right);
            // `Service.KEY = …` writes a static member that `Service.KEY` reads.
            else if (isPropertyAccessExpression(bin.left) && isIdentifier(bin.left.expression) && /^[A-Z]/.test(bin.left.expression.text)) write(members, bin.left.name.text, bin.right);
          } else if (bin.operatorToken.kind >= SyntaxKind.FirstCompoundAssignment && bin.operatorToken.kind <= SyntaxKind.LastCompoundAssignment && isIdentifier(bin.left)) {
            ambiguous.add(bin.left.text);
          }
          break;
        }
        case SyntaxKind.CallExpression:
        case SyntaxKind.NewExpression: {
          const call = node as ts.CallExpression | ts.NewExpression;
          const callee = dottedName(call.expression);
          if (callee !== undefined) calls.push(new Call(call, callee, source, imports, evaluator));
          break;
        }
      }
    if ((kind & HAS_CHILDREN) === 0) return;
    const saved = parent;
    parent = node;
    forEachChild(node, visit);
    parent = saved;
  };
  forEachChild(source, visit);
  for (const name of variables) {
    const values = writes.get(name) ?? [];
    if (values.length === 1 && !constants.has(name)) constants.set(name, values[0]);
  }
  for (const name of ambiguous) constants.delete(name);
  // A name declared only as consts, in different blocks, is resolved by scope; one also bound by
  // `let`/`var` or assigned stays ambiguous.
  for (const name of [...scoped.keys()]) if (!ambiguous.has(name) || variables.has(name) || writes.has(name) || scoped.get(name)!.length < 2) scoped.delete(name);
  const thisMembers = new Map<string, ts.Expression>();
  for (const [name, values] of members) if (values.length === 1) thisMembers.set(name, values[0]);
  evaluator.useConstants(constants, thisMembers, scoped);
  return facts;
}

/**
 * What the walks do with a node of each kind, looked up once per node (a switch over the
 * compiler's SyntaxKind values reads each case's value from an object):
 * - 0: a type annotation, interface or type alias. Nothing in it runs (no calls, no values bound),
 *   so the walks do not go inside (a quarter of the walk's time in effect's TypeScript);
 * - HANDLED: a kind the facts walk's switch has a case for (keep the two in step);
 * - HAS_CHILDREN: a node; LEAF: tokens, identifiers and literals, which have no children, so no
 *   `forEachChild` call for them.
 */
const HANDLED = 1;
const HAS_CHILDREN = 2;
const LEAF = 4;
const KINDS = ((): Uint8Array => {
  const kinds = new Uint8Array(SyntaxKind.Count);
  for (let k = SyntaxKind.FirstNode; k < SyntaxKind.Count; k++) kinds[k] = HAS_CHILDREN;
  for (let k = 0; k < SyntaxKind.FirstNode; k++) kinds[k] = LEAF;
  for (const k of [
    SyntaxKind.StringLiteral,
    SyntaxKind.NoSubstitutionTemplateLiteral,
    SyntaxKind.TemplateExpression,
    SyntaxKind.VariableDeclarationList,
    SyntaxKind.VariableDeclaration,
    SyntaxKind.PropertyAssignment,
    SyntaxKind.MethodDeclaration,
    SyntaxKind.PrefixUnaryExpression,
    SyntaxKind.PostfixUnaryExpression,
    SyntaxKind.PropertyDeclaration,
    SyntaxKind.Parameter,
    SyntaxKind.EnumMember,
    SyntaxKind.JsxAttribute,
    SyntaxKind.BinaryExpression,
    SyntaxKind.CallExpression,
    SyntaxKind.NewExpression,
  ])
    kinds[k] |= HANDLED;
  for (let k = SyntaxKind.FirstTypeNode; k <= SyntaxKind.LastTypeNode; k++) kinds[k] = 0;
  kinds[SyntaxKind.InterfaceDeclaration] = kinds[SyntaxKind.TypeAliasDeclaration] = 0;
  return kinds;
})();

/**
 * Binding positions by name: a module binds the same names many times (`id`, `name`), and every
 * assignment rule asks. Each distinct name once, with the positions of its bindings (ascending).
 */
function indexByName(bindings: BindingFact[]): { names: string[]; at: number[][] } {
  const index = new Map<string, number[]>();
  bindings.forEach((binding, i) => {
    const list = index.get(binding.name);
    if (list) list.push(i);
    else index.set(binding.name, [i]);
  });
  return { names: [...index.keys()], at: [...index.values()] };
}

/** Call positions by the last segment of the callee as written and as resolved. */
function indexCallsByName(calls: CallFact[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const add = (name: string | undefined, i: number): void => {
    if (name === undefined) return;
    const last = name.slice(name.lastIndexOf('.') + 1);
    const list = index.get(last);
    if (!list) index.set(last, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  calls.forEach((call, i) => {
    add(call.callee, i);
    add(call.resolved, i);
  });
  return index;
}

/**
 * One call of the file. A class, not an object of closures: a module has thousands of calls and
 * most are never asked about, so each costs one small object until a rule looks at it.
 */
class Call implements CallFact {
  readonly resolved: string | undefined;
  private values: Map<number, Value> | undefined;
  private contextNames: string[] | undefined;
  private startAt = -1;

  constructor(
    private readonly node: ts.CallExpression | ts.NewExpression,
    readonly callee: string,
    private readonly source: ts.SourceFile,
    imports: Map<string, ImportBinding>,
    private readonly evaluator: Evaluator,
  ) {
    this.resolved = resolveCallee(callee, imports);
  }

  get start(): number {
    if (this.startAt < 0) this.startAt = this.node.getStart(this.source);
    return this.startAt;
  }

  get end(): number {
    return this.node.getEnd();
  }

  arg(i: number): Value {
    this.values ??= new Map();
    let v = this.values.get(i);
    if (!v) {
      const args = this.node.arguments;
      v = args && i < args.length ? this.evaluator.evaluate(args[i]) : { kind: 'absent', start: this.start, end: this.end };
      this.values.set(i, v);
    }
    return v;
  }

  context(): string[] {
    return (this.contextNames ??= contextNames(this.node));
  }

  argumentNames(): string[] {
    return (this.node.arguments ?? []).flatMap((a) => identifiersIn(a));
  }

  namesSpan(): [number, number] {
    return contextSpan(this.node);
  }

  classNames(): string[] {
    return enclosingClassNames(this.node);
  }

  calleeValue(): Value {
    return this.evaluator.evaluate(this.node.expression);
  }

  returned(): boolean {
    return isReturned(this.node);
  }

  storedAsIs(): boolean {
    return isStoredAsIs(this.node);
  }

  compared(): boolean {
    return isCompared(this.node);
  }

  guards(): string[] {
    return guardNames(this.node);
  }
}

/** A string literal; where it starts is worked out when asked (skipping its leading trivia costs). */
class StringLiteral implements StringFact {
  constructor(
    private readonly node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateHead,
    private readonly source: ts.SourceFile,
    readonly prefixOnly: boolean,
  ) {}

  get value(): string {
    return this.node.text;
  }

  get valueStart(): number {
    return this.node.getStart(this.source) + 1;
  }
}

/** A value bound to a name, evaluated on first use. */
class Binding implements BindingFact {
  private evaluated: Value | undefined;

  constructor(
    readonly name: string,
    private readonly node: ts.Expression,
    private readonly evaluator: Evaluator,
  ) {}

  value(): Value {
    return (this.evaluated ??= this.evaluator.evaluate(this.node));
  }

  guards(): string[] {
    return guardNames(this.node);
  }

  holders(): string[] {
    return holderNames(this.node);
  }
}

/** The name an expression starts from through calls and property reads: `h.digest('hex').slice(0, 8)` → `h`. */
function rootName(expr: ts.Expression): string | undefined {
  let e: ts.Expression = expr;
  while (isCallExpression(e) || isPropertyAccessExpression(e) || isParenthesizedExpression(e)) e = e.expression;
  return isIdentifier(e) ? e.text : undefined;
}

function isStoredAsIs(call: ts.Node): boolean {
  let node = call;
  while (isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return (isPropertyAssignment(parent) && parent.initializer === node) || parent.kind === SyntaxKind.JsxExpression;
}

function isCompared(call: ts.Node): boolean {
  let node = call;
  while (isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!isBinaryExpression(parent)) return false;
  const op = parent.operatorToken.kind;
  return op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken || op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken;
}

/** Whether a call's value is returned from its function: through a chain, as an arrow's body, or through a variable. */
function isReturned(call: ts.Node): boolean {
  let node = call;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (isReturnStatement(parent)) return true;
    if (isFunctionLike(parent)) return (parent as ts.ArrowFunction).body === node;
    if (isVariableDeclaration(parent) && isIdentifier(parent.name)) {
      const name = parent.name.text;
      let block: ts.Node | undefined = parent.parent;
      while (block && !isBlock(block) && !isSourceFile(block)) block = block.parent;
      let found = false;
      const visit = (n: ts.Node): void => {
        if (found || isFunctionLike(n)) return;
        if (isReturnStatement(n) && n.expression && rootName(n.expression) === name) found = true;
        forEachChild(n, visit);
      };
      if (block) forEachChild(block, visit);
      return found;
    }
    if (isBlock(parent) || isSourceFile(parent)) return false;
  }
  return false;
}

/** `h` imported as `createHash` from 'node:crypto' → `crypto.createHash`; `c.createHash` with `c = require('crypto')` → `crypto.createHash`. */
function resolveCallee(callee: string, imports: Map<string, ImportBinding>): string | undefined {
  const dot = callee.indexOf('.');
  const binding = imports.get(dot < 0 ? callee : callee.slice(0, dot));
  if (!binding) return undefined;
  const base = binding.member === '*' || binding.member === 'default' ? binding.module : `${binding.module}.${binding.member}`;
  return dot < 0 ? base : base + callee.slice(dot);
}

/** What the climb from a call finds: names inside a node, one name written in a node, or the names at a variable's uses. */
interface ContextSink {
  within(node: ts.Node): void;
  name(text: string | undefined, at: ts.Node): void;
  uses(name: string, declaration: ts.Node): void;
}

/** Names that tell what a call is used for, nearest first. */
function contextNames(call: ts.Node): string[] {
  const names: string[] = [];
  climbContext(call, {
    within: (node) => collectIdentifiers(node, names),
    name: (text) => {
      if (text) names.push(text);
    },
    uses: (name, declaration) => names.push(...namesAtUses(name, declaration)),
  });
  return names;
}

/** The span of the file contextNames() and the call's arguments take names from (the same climb, gathering nothing). */
function contextSpan(call: ts.Node): [number, number] {
  const span: [number, number] = [call.pos, call.end];
  const extend = (node: ts.Node): void => {
    if (node.pos < span[0]) span[0] = node.pos;
    if (node.end > span[1]) span[1] = node.end;
  };
  climbContext(call, { within: extend, name: (_, at) => extend(at), uses: (_, declaration) => extend(scopeOfUses(declaration) ?? declaration) });
  return span;
}

function climbContext(call: ts.Node, sink: ContextSink): void {
  let node: ts.Node = call;
  let insideFunction = false;
  for (let depth = 0; node.parent && depth < 12; depth++) {
    const parent: ts.Node = node.parent;
    if (isFunctionLike(parent)) insideFunction = true;
    if (isPropertyAccessExpression(parent) && parent.expression === node && isCallExpression(parent.parent)) {
      // A chain: `createHash('md5').update(password)`: the chained call's arguments say what is hashed.
      for (const a of parent.parent.arguments) sink.within(a);
      node = parent.parent;
      continue;
    }
    if (isVariableDeclaration(parent) && isIdentifier(parent.name)) {
      sink.name(parent.name.text, parent);
      // `const h = createHash('sha1'); h.update(nonce + password)`: what the value is used with
      // (the call's own value only, not a function that merely contains the call).
      if (!insideFunction) sink.uses(parent.name.text, parent);
    } else if (isPropertyAssignment(parent) || isPropertyDeclaration(parent)) {
      sink.name(propertyNameText(parent.name), parent);
    } else if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken) {
      sink.name(lastNameSegment(parent.left), parent);
    } else if (isCallExpression(parent)) {
      for (const a of parent.arguments) if (a !== node) sink.within(a);
    } else if ((isFunctionDeclaration(parent) || isMethodDeclaration(parent)) && parent.name && isIdentifier(parent.name)) {
      sink.name(parent.name.text, parent);
      break;
    } else if (isSourceFile(parent) || isClassLike(parent)) {
      break;
    }
    node = parent;
  }
}

function enclosingClassNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!isClassLike(n)) continue;
    if (n.name) names.push(n.name.text);
    else if (
      (isVariableDeclaration(n.parent) || isPropertyAssignment(n.parent) || isPropertyDeclaration(n.parent)) &&
      !isObjectBindingPattern(n.parent.name) &&
      !isArrayBindingPattern(n.parent.name)
    ) {
      const name = propertyNameText(n.parent.name);
      if (name) names.push(name);
    }
  }
  return names;
}

/**
 * Where each name is used in a file, in source order: built once per file on first need. Asking
 * per call walked the whole module for every top-level `const x = f(…)`, quadratic in big modules
 * (measured: most of a cold scan of the effect package); an index per block walked nested blocks
 * again for each block around them (effect: the names around calls took 41-55 ms, now 17-23).
 */
const usesByFile = new WeakMap<ts.Node, Map<string, ts.Identifier[]>>();

/** The identifiers named `name` inside `scope` (a block or the file), in source order. */
function usesIn(scope: ts.Node, name: string): ts.Identifier[] {
  let file = scope;
  while (file.parent) file = file.parent;
  let uses = usesByFile.get(file);
  if (!uses) {
    const index = new Map<string, ts.Identifier[]>();
    const visit = (node: ts.Node): void => {
      const kind = KINDS[node.kind];
      if (isIdentifier(node)) {
        const list = index.get(node.text);
        if (list) list.push(node);
        else index.set(node.text, [node]);
      } else if (kind & HAS_CHILDREN) forEachChild(node, visit);
    };
    forEachChild(file, visit);
    uses = index;
    usesByFile.set(file, uses);
  }
  const all = uses.get(name);
  if (!all || file === scope) return all ?? [];
  // A block's identifiers are the file's identifiers inside its span.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].pos < scope.pos) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < all.length && all[end].pos < scope.end) end++;
  return all.slice(lo, end);
}

/** Identifiers in the simple statements that use `name` in the block it is declared in (a few uses at most). */
function namesAtUses(name: string, declaration: ts.Node): string[] {
  const scope = scopeOfUses(declaration);
  if (!scope) return [];
  const names: string[] = [];
  let uses = 0;
  for (const node of usesIn(scope, name)) {
    if (uses >= 5) break;
    if (node.parent === declaration) continue;
    uses++;
    let statement: ts.Node = node;
    while (statement.parent && !isExpressionStatement(statement) && !isVariableStatement(statement) && !isReturnStatement(statement) && !isBlock(statement.parent)) statement = statement.parent;
    names.push(...identifiersIn(statement).filter((n) => n !== name));
  }
  return names;
}

/** The block (or file) whose statements namesAtUses() looks at. */
function scopeOfUses(declaration: ts.Node): ts.Node | undefined {
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !isBlock(scope) && !isSourceFile(scope)) scope = scope.parent;
  return scope;
}

/** Names in the conditions a node sits under: `if (c) node`, `c ? node : …`, `c && node`, up to its function. */
function holderNames(node: ts.Node): string[] {
  const names: string[] = [];
  // The binding's own property or variable is node.parent; its holders are above it.
  for (let n = node.parent?.parent; n && !isSourceFile(n); n = n.parent) {
    if ((isVariableDeclaration(n) || isPropertyAssignment(n) || isPropertyDeclaration(n)) && !isObjectBindingPattern(n.name) && !isArrayBindingPattern(n.name)) {
      const name = propertyNameText(n.name);
      if (name) names.push(name);
    }
  }
  return names;
}

function guardNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (let child = node, parent = node.parent; parent && !isSourceFile(parent) && !isFunctionLike(parent); child = parent, parent = parent.parent) {
    if (isIfStatement(parent) && child !== parent.expression) names.push(...identifiersIn(parent.expression));
    else if (isConditionalExpression(parent) && child !== parent.condition) names.push(...identifiersIn(parent.condition));
    // `case 'accept_invalid_certs': return { rejectUnauthorized: false }`: the branch a setting chooses.
    else if (isCaseClause(parent) && child !== parent.expression) names.push(...identifiersIn(parent.expression));
    else if (isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.AmpersandAmpersandToken && child === parent.right) names.push(...identifiersIn(parent.left));
    // `function f(credentials = insecure())`: a default the caller overrides.
    else if (isParameter(parent) && parent.initializer === child) names.push(...identifiersIn(parent.name));
  }
  return names;
}

/**
 * Every comment in the file: the trivia before each node and after it (a comment closing a block,
 * before its `}`, belongs to no node that follows it).
 */
function commentSpans(source: ts.SourceFile): Array<[number, number]> {
  const text = source.text;
  const seen = new Map<number, number>();
  const collect = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) seen.set(r.pos, r.end);
  };
  // Leading ranges start after a line break; trailing ones hold the comments on the same line.
  const visit = (node: ts.Node): void => {
    for (const at of [node.pos, node.end]) {
      collect(getLeadingCommentRanges(text, at));
      collect(getTrailingCommentRanges(text, at));
    }
    forEachChild(node, visit);
  };
  visit(source);
  return [...seen].sort((a, b) => a[0] - b[0]);
}

/** Every span may hold a name: where names are cannot be told. */
const anywhere = (): boolean => true;

/** Where each name is written in the text, in order (comments included: a spot too many costs only time). */
function spotsOf(text: string, names: string[]): number[] {
  const spots: number[] = [];
  for (const name of new Set(names)) for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) spots.push(at);
  return spots.sort((a, b) => a - b);
}

/** Whether a span `[start, end)` holds one of the spots (sorted). */
function spanHolds(spots: number[]): (start: number, end: number) => boolean {
  return (start, end) => {
    let lo = 0;
    let hi = spots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spots[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < spots.length && spots[lo] < end;
  };
}

function identifiersIn(node: ts.Node): string[] {
  const out: string[] = [];
  collectIdentifiers(node, out);
  return out;
}

/**
 * Appends to `out`; each node's children are looked at while it has given fewer than 8 names.
 * A type's names count (`clear as Password`), its strings do not: the facts walk does not record
 * them, and whereNamed() vouches only for what it records.
 */
function collectIdentifiers(node: ts.Node, out: string[], inType = false): void {
  if (isIdentifier(node)) {
    out.push(node.text);
  } else if (isStringLiteral(node)) {
    // A short word in quotes names things too: `setDataValue('password', …)`, `mode === 'insecure'`,
    // `config['email:smtpTransport:allow-self-signed']`; a module path (`require('…')`) does not.
    if (!inType && /^[A-Za-z_][\w.:-]{0,60}$/.test(node.text) && !isModuleSpecifier(node)) out.push(node.text);
  } else if (isPropertyAccessExpression(node)) {
    out.push(node.name.text);
    collectIdentifiers(node.expression, out, inType);
  } else {
    const base = out.length;
    const typed = inType || KINDS[node.kind] === 0;
    forEachChild(node, (child) => {
      if (out.length - base < 8) collectIdentifiers(child, out, typed);
    });
  }
}

/** Parse errors of a JS/TS text (used to check that a quick fix keeps the file parsing). */
export function syntaxErrorCount(path: string, text: string): number {
  return parseErrorCount(parseJs(path, text));
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (isImportDeclaration(parent) || isExportDeclaration(parent) || isExternalModuleReference(parent)) return true;
  return isCallExpression(parent) && (parent.expression.kind === SyntaxKind.ImportKeyword || (isIdentifier(parent.expression) && parent.expression.text === 'require'));
}

/** Where a `const` list is visible: its block, the file, a module block, a case clause or the `for` it heads. */
function scopeOf(list: ts.VariableDeclarationList): ts.Node {
  let node: ts.Node = list.parent;
  while (node.parent && !isBlock(node) && !isSourceFile(node) && !isModuleBlock(node) && !isCaseClause(node) && !isDefaultClause(node) && !isIterationStatement(node, false)) node = node.parent;
  return node;
}
