import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { collectJsFacts } from '../../server/src/syntax/jsFacts';

// whereNamed() lets a rule skip asking calls for the names around them (crypto.weak-hash does so
// for helper calls): all of a file's calls when no name in it passes, and each call whose
// namesSpan() holds no passing name. It must never skip a call that would give a passing name, or
// a finding is lost: every name any call gives must be seen, and seen inside that call's span.

const SHAPES: Array<[string, string]> = [
  ['an argument', 'hash(req.body.password);'],
  ['a private field', 'class A { #pass = hash(this.clear); other = hash(this.#secret); }'],
  ['a quoted key', "const row = { 'user-password': hash(clear) };"],
  ['an element access', "row['password'] = hash(clear);"],
  ['a type', 'type Password = string;\nconst d = (c: string) => hash(c as Password);'],
  ['a string argument', "u.setDataValue('password', hash(clear));"],
  ['a JSX attribute', 'const e = <input name="pwd" value={hash(v)} />;'],
  ['a computed key', "const o = { ['credential']: hash(v) };"],
  ['an enum member', "enum E { Pass = 'pass' }\nhash(E.Pass);"],
  ['a guard', "if (mode === 'insecure') hash(v);"],
  ['a default parameter', 'function f(credentials = hash(v)) { return credentials; }'],
  ['a chain', "createHash('md5').update(nonce + passphrase).digest();"],
  ['a variable used later', 'const h = weak();\nh.update(secretWord);\nsend(h, "to-user");'],
  ['a method', 'class S { storePass(v: string) { return this.db.put(hash(v)); } }'],
  ['an assignment', 'user.passwd = hash(v);\nexports.pwd = hash(v);'],
  ['a module path', "const x = hash(require('credential-store').id);\nconst y = hash(import('password-kit'));"],
  ['a literal type', "const z = hash(v as 'password');\nlet w: 'pwd' = hash(v);"],
  ['an escaped string', "hash(v, 'pass\\x77ord');"],
  ['a template', 'hash(`password`, `${a}credential`);'],
  ['an escaped name', 'const \\u0070assword = read();\nhash(\\u0070assword);'],
  ['an escaped key', "row['pass\\x77ord'] = hash(v);\nconst o = { 'pass\\u0077d': hash(v) };"],
  ['uses of a variable', "const h = weak(v);\nfunction later() { return 1; }\nstore(h, 'passphrase');"],
];

function cases(): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = SHAPES.map(([how, code]) => [how, 'src/shape.tsx', code]);
  // The accuracy corpus: hundreds of snippets written for the rules, in every shape they look at.
  for (const category of ['crypto', 'secrets', 'transport']) {
    const lines = readFileSync(path.join(__dirname, '../corpus', `${category}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean);
    for (const [i, line] of lines.entries()) {
      const { path: file, code } = JSON.parse(line) as { path: string; code: string };
      if (/\.[cm]?[jt]sx?$/.test(file)) out.push([`${category} #${i + 1}`, file, code]);
    }
  }
  return out;
}

describe('whereNamed: where names around calls that pass a test can be', () => {
  it('sees every name that any call gives, inside the span the call takes its names from', () => {
    let names = 0;
    for (const [how, file, code] of cases()) {
      const facts = collectJsFacts(file, code);
      for (const call of facts.calls) {
        const [start, end] = call.namesSpan();
        for (const name of [...call.argumentNames(), ...call.context()]) {
          names++;
          const where = facts.whereNamed((n) => n === name);
          assert.ok(where, `${how}: '${name}' around ${call.callee}() is not seen`);
          assert.ok(where(start, end), `${how}: '${name}' around ${call.callee}() is not seen in ${JSON.stringify(code.slice(start, end))}`);
        }
        for (const name of call.guards()) {
          assert.ok(
            facts.whereNamed((n) => n === name),
            `${how}: the guard '${name}' of ${call.callee}() is not seen`,
          );
        }
      }
    }
    // The corpus holds thousands of names: a gate that saw nothing would not pass by chance.
    assert.ok(names > 1000, `only ${names} names`);
  });

  it('says none when a name is only in a comment or a require() path', () => {
    const facts = collectJsFacts('src/doc.ts', "// hash(password) is for passwords\nconst y = require('credential');\nexport const id = hash(x, y);\n");
    assert.equal(
      facts.whereNamed((n) => /password|credential/i.test(n)),
      undefined,
    );
    assert.ok(facts.whereNamed((n) => n === 'id'));
  });

  it('tells a call named so from one that is not, in the same file', () => {
    const code = 'export function login(password: string) {\n  return hash(password);\n}\nexport function order(id: string) {\n  return hash(id);\n}\n';
    const facts = collectJsFacts('src/two.ts', code);
    const where = facts.whereNamed((n) => /password/i.test(n))!;
    const [login, order] = facts.calls.map((c) => where(...c.namesSpan()));
    assert.deepEqual([login, order], [true, false]);
  });
});
