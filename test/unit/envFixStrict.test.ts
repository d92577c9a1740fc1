import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { envFixForLiteral, envReadExpression, envVarName, nameFromCode } from '../../server/src/lsp/envFix';
import { scanText } from '../../server/src/engine/scan';
import { LineIndex } from '../../server/src/engine/lines';
import { builtinPack } from '../../server/src/packs/builtin';
import { unquoteJsLiteral } from '../../server/src/lsp/moveToEnv';

// "Move to environment variable" must leave code that still compiles under strict TypeScript
// (`process.env.X` alone is `string | undefined`: TS2345 where a string is needed) and fails
// loudly at start-up when the variable is missing; the variable is named after the code.

const ROOT = path.resolve(__dirname, '../..');
// Made-up values in the providers' formats.
const STRIPE = 'sk_live_51Hx9TqLm2Vb8Nc4Xz7Kd3Wf6Rg0Pa5YsQ';
const WEBHOOK = 'whsec_abcdefghijklmnopqrstuv';

const SAMPLE = [
  "import * as crypto from 'node:crypto';",
  'class Stripe { constructor(readonly key: string) {} }',
  `const stripeSecretKey = '${STRIPE}';`,
  'export const stripe = new Stripe(stripeSecretKey);',
  `export const signature = (body: string): string => crypto.createHmac('sha256', "${WEBHOOK}").update(body).digest('hex');`,
  `const webhookKey = process.env.WEBHOOK_KEY || '${WEBHOOK}x';`,
  "export const verify = (body: string): string => crypto.createHmac('sha256', webhookKey).update(body).digest('hex');",
  '',
].join('\n');

/** Applies every offered fix to `text`, as the quick fix would one after the other. */
function fixAll(text: string): { fixed: string; names: string[] } {
  const findings = scanText({ path: 'billing.ts', text }, builtinPack().pack).findings.filter((f) => f.category === 'secret' && f.literalRange);
  const lines = new LineIndex(text);
  const edits = findings.map((f) => {
    const start = lines.offset(f.literalRange!.start);
    const end = lines.offset(f.literalRange!.end);
    const value = unquoteJsLiteral(text.slice(start, end))!;
    return { start, end, ...envFixForLiteral(text, start, end, value, f, new Map()) };
  });
  let fixed = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
  return { fixed, names: edits.map((e) => e.name) };
}

describe('move to environment variable: names after the code, strict TypeScript after the fix', function () {
  this.timeout(60_000);

  it('names the variable after the binding, the env variable already read, or the rule less "hardcoded"', () => {
    assert.equal(nameFromCode('const stripeSecretKey = '), 'stripeSecretKey');
    assert.equal(nameFromCode('export const config = {\n  webhookSecret: '), 'webhookSecret');
    assert.equal(nameFromCode('const stripeSecretKey = process.env.STRIPE_SECRET_KEY || '), 'STRIPE_SECRET_KEY');
    assert.equal(nameFromCode('this.apiKey = '), 'apiKey');
    assert.equal(nameFromCode("const sig = crypto.createHmac('sha256', "), undefined, 'a call argument: the binding names the result');
    assert.equal(nameFromCode('foo('), undefined);
    assert.equal(envVarName(undefined, 'secret.hmac-hardcoded-key'), 'HMAC_KEY');
    assert.equal(envVarName(undefined, 'secret.jwt-hardcoded-key'), 'JWT_KEY');
  });

  it('the fixed sample names STRIPE_SECRET_KEY after stripeSecretKey and passes tsc --strict --noEmit', () => {
    const { fixed, names } = fixAll(SAMPLE);
    assert.deepEqual([...names].sort(), ['HMAC_KEY', 'STRIPE_SECRET_KEY', 'WEBHOOK_KEY']);
    assert.ok(!fixed.includes(STRIPE) && !fixed.includes(WEBHOOK), fixed);
    assert.match(fixed, /const stripeSecretKey = process\.env\.STRIPE_SECRET_KEY \?\? \(\(\) => \{ throw new Error\('STRIPE_SECRET_KEY is not set'\); \}\)\(\);/);
    assert.match(fixed, /createHmac\('sha256', process\.env\.HMAC_KEY \?\? \(\(\) => \{ throw new Error\("HMAC_KEY is not set"\); \}\)\(\)\)/, 'the quote style of the literal');
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-env-strict-'));
    try {
      writeFileSync(path.join(dir, 'billing.ts'), fixed);
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const args = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), path.join(dir, 'billing.ts')];
      try {
        execFileSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      } catch (err) {
        assert.fail(`tsc --strict failed on the fixed code:\n${(err as { stdout?: string }).stdout}\n${fixed}`);
      }
      // The same check fails on the plain `process.env.X` the fix used to write (TS2345): the test can tell.
      writeFileSync(path.join(dir, 'billing.ts'), SAMPLE.replace(`"${WEBHOOK}"`, 'process.env.HMAC_KEY'));
      assert.throws(
        () => execFileSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' }),
        (err: { stdout?: string }) => /TS2345|TS2769/.test(err.stdout ?? ''),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a JSX attribute string becomes an expression container that passes tsc --strict --jsx preserve', () => {
    const source = [
      'declare global { namespace JSX { interface Element {} interface IntrinsicElements {} } }',
      'function StripeProvider(props: { apiKey: string }): JSX.Element { return props as unknown as JSX.Element; }',
      `export const App = (): JSX.Element => <StripeProvider apiKey="${STRIPE}" />;`,
      '',
    ].join('\n');
    const findings = scanText({ path: 'app.tsx', text: source }, builtinPack().pack).findings.filter((f) => f.literalRange);
    assert.equal(findings.length, 1);
    const lines = new LineIndex(source);
    const [start, end] = [lines.offset(findings[0].literalRange!.start), lines.offset(findings[0].literalRange!.end)];
    const { name, newText } = envFixForLiteral(source, start, end, STRIPE, findings[0], new Map());
    const fixed = source.slice(0, start) + newText + source.slice(end);
    assert.match(fixed, new RegExp(`apiKey=\\{process\\.env\\.${name} \\?\\? `));
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-env-jsx-'));
    try {
      writeFileSync(path.join(dir, 'app.tsx'), fixed);
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      try {
        execFileSync(
          process.execPath,
          [
            tsc,
            '--strict',
            '--noEmit',
            '--jsx',
            'preserve',
            '--target',
            'es2022',
            '--module',
            'nodenext',
            '--types',
            'node',
            '--typeRoots',
            path.join(ROOT, 'node_modules', '@types'),
            path.join(dir, 'app.tsx'),
          ],
          { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
        );
      } catch (err) {
        assert.fail(`tsc --strict failed on the fixed JSX:\n${(err as { stdout?: string }).stdout}\n${fixed}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails loudly when the variable is not set, and reads it when it is', () => {
    const expression = envReadExpression('STRIPE_SECRET_KEY', 'const k = ', ';');
    const read = (env: Record<string, string>): unknown => new Function('process', `return ${expression};`)({ env });
    assert.throws(() => read({}), /STRIPE_SECRET_KEY is not set/);
    assert.equal(read({ STRIPE_SECRET_KEY: 'v' }), 'v');
  });

  it('parenthesises the expression where the operators around the literal would bind it otherwise', () => {
    assert.match(envReadExpression('K', "const url = 'x' + ", ';'), /^\(process\.env\.K \?\? .*\)$/);
    assert.match(envReadExpression('K', 'const k = a || ', ';'), /^\(/);
    assert.match(envReadExpression('K', 'const k = ', " + 'x';"), /^\(/);
    assert.match(envReadExpression('K', 'f(', ')'), /^process/);
    assert.match(envReadExpression('K', '{ key: ', ' }'), /^process/);
    assert.match(envReadExpression('K', 'const f = () => ', ';'), /^process/);
    // A JSX attribute string: an expression container, not a bare expression.
    assert.match(envReadExpression('K', 'return <Provider theme="dark" apiKey=', ' />;', '"'), /^\{process\.env\.K \?\? .*\}$/);
    assert.match(envReadExpression('K', 'let a; a=', ';'), /^process/, 'an assignment is no JSX');
  });
});
