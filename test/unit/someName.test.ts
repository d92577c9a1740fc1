import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { collectJsFacts } from '../../server/src/syntax/jsFacts';

// someName() lets a rule skip asking every call of a file for the names around it (crypto.weak-hash
// does so for helper calls). It must never say "none" while some call would give a passing name,
// or a finding is lost: every name any call gives must be one someName() sees.

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
];

function cases(): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = SHAPES.map(([how, code]) => [how, 'src/shape.tsx', code]);
  // The accuracy corpus: hundreds of snippets written for the rules, in every shape they look at.
  for (const category of ['crypto', 'secrets', 'transport']) {
    const lines = readFileSync(path.join(__dirname, '../corpus', `${category}.jsonl`), 'utf8').split('\n').filter(Boolean);
    for (const [i, line] of lines.entries()) {
      const { path: file, code } = JSON.parse(line) as { path: string; code: string };
      if (/\.[cm]?[jt]sx?$/.test(file)) out.push([`${category} #${i + 1}`, file, code]);
    }
  }
  return out;
}

describe('someName: whether any name around any call of a file passes a test', () => {
  it('sees every name that any call gives (its arguments, context and guards)', () => {
    let names = 0;
    for (const [how, file, code] of cases()) {
      const facts = collectJsFacts(file, code);
      for (const call of facts.calls) {
        for (const name of [...call.argumentNames(), ...call.context(), ...call.guards()]) {
          names++;
          assert.ok(
            facts.someName((n) => n === name),
            `${how}: '${name}' around ${call.callee}() is not seen`,
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
      facts.someName((n) => /password|credential/i.test(n)),
      false,
    );
    assert.equal(
      facts.someName((n) => n === 'id'),
      true,
    );
  });
});
