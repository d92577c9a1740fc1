// A team pack with one mistake of each kind beside one good rule: the CLI tests
// (test/unit/packSchema.test.ts) and the language server's (test/protocol/packs.test.ts) feed
// the same pack, so the editor is held to what the CLI reports.

export const TOKEN = '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';
export const good = {
  id: 'acme.key',
  name: 'ACME key',
  category: 'secret',
  severity: 'error',
  message: 'ACME key {{value}}',
  tip: 'Use the vault.',
  detector: { kind: 'pattern', pattern: '\\b(acme_[a-z0-9]{16})\\b', keywords: ['acme_'], secretGroup: 1 },
  examples: { match: ["k = 'acme_7f3kq9zx2m4b8w1p'"], noMatch: ["k = 'acme_'"] },
};

export const mistakes: Array<[string, Record<string, unknown>, RegExp]> = [
  ['wrong type', { ...good, id: 'acme.t', detector: { ...good.detector, keywords: 'acme_' } }, /rules\[1\]\.detector\.keywords: must be an array/],
  ['unknown property', { ...good, id: 'acme.u', severty: 'error' }, /rules\[2\]: has an unknown property "severty"/],
  ['bad enum', { ...good, id: 'acme.e', severity: 'critical' }, /rules\[3\]\.severity: must be one of "error", "warning", "info"/],
  ['bad detector kind', { ...good, id: 'acme.k', detector: { kind: 'regex', pattern: 'x' } }, /rules\[4\]\.detector: "kind" must be one of pattern, assignment, call, file, url/],
  [
    'bad value type',
    { ...good, id: 'acme.v', detector: { kind: 'assignment', name: 'token', value: { type: 'strng' } } },
    /rules\[5\]\.detector\.value: "type" must be one of string, boolean, number, array, absent, function/,
  ],
  ['bad regex', { ...good, id: 'acme.r', detector: { ...good.detector, pattern: '(unclosed' } }, /rules\[6\]\.detector: invalid regular expression/],
];

/** The pack as written to `.vigil/pack.json`, and a file both the good rule and a built-in rule find. */
export function brokenPack(): { pack: string; file: string } {
  const pack = { id: 'acme', version: '1.0.0', rules: [good, ...mistakes.map(([, rule]) => rule)], overrides: [{ rule: 'acme.nope', severity: 'info' }], allow: { paths: ['{unclosed'] } };
  return { pack: JSON.stringify(pack, null, 2), file: `export const t = '${TOKEN}';\nexport const k = 'acme_7f3kq9zx2m4b8w1p';\n` };
}
