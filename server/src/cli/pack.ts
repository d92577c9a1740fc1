import { parseJsonText, problemLines } from '../engine/jsonText';
import { generateKeyPairSync, sign as signData, verify as verifyData, createPrivateKey } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { exampleProblem } from '../packs/examples';
import { compilePack, packErrors } from '../packs/load';
import { RuleExample } from '../packs/types';
import { loadActivePack, publicKey, WORKSPACE_PACK } from '../packs/sources';
import packSchema from '../../../rules/pack.schema.json';
import { one, parseFlags, UsageError } from './args';
import { describeProblem, Io } from './scan';

// `vigil pack init|test|sign|verify|keygen`: what a team lead needs to write, check and ship a pack.

const STARTER = {
  $schema: './pack.schema.json',
  id: 'acme-house-rules',
  version: '1.0.0',
  description: 'House rules for everyone who touches this code.',
  publisher: 'Security team <security@acme.example>',
  extends: ['vigil:builtin'],
  rules: [
    {
      id: 'acme.internal-api-key',
      name: 'ACME internal API key',
      category: 'secret',
      severity: 'error',
      message: 'Hardcoded ACME internal API key {{value}}: request a scoped key from the vault instead.',
      revealPrefix: 10,
      tip: '### ACME internal API keys\n\nKeys look like `acme_live_` followed by 32 characters. Get yours from the vault (`vault kv get secret/acme/api`) and read it from the environment.',
      detector: { kind: 'pattern', pattern: '\\b(acme_live_[A-Za-z0-9]{32})\\b', keywords: ['acme_live_'], secretGroup: 1 },
      examples: {
        match: ["const key = 'acme_live_Zq8Lm3Nx7Vb2Kc9Wd4Rt6Yp1Hs5Jf0Ga';"],
        noMatch: ['const key = process.env.ACME_API_KEY;', "const prefix = 'acme_live_';"],
      },
    },
  ],
  overrides: [{ rule: 'crypto.insecure-random', severity: 'error' }],
  allow: { paths: ['docs/**'], values: [], patterns: [] },
  policy: { unsuppressible: ['secret.aws-access-key-id'], requireReason: true, requireExpiry: false, requireReviewer: false, failOn: 'warning' },
  houseRules: [
    'No secret in code, config or tickets: use the vault and environment variables.',
    'HTTPS and TLS verification everywhere; plain HTTP only on localhost.',
    'Suppress a finding only with a reason your reviewer can check.',
  ],
};

export async function packCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'init':
      return init(rest, io);
    case 'test':
      return test(rest, io);
    case 'sign':
      return sign(rest, io);
    case 'verify':
      return verify(rest, io);
    case 'keygen':
      return keygen(rest, io);
    default:
      throw new UsageError(`unknown pack command "${sub ?? ''}" (init, test, sign, verify, keygen)`);
  }
}

async function init(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { output: 'string' });
  const file = one(args, 'output') ?? WORKSPACE_PACK;
  if (existsSync(file)) throw new UsageError(`${file} already exists: edit it, or choose another --output`);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await fs.writeFile(file, JSON.stringify(STARTER, null, 2) + '\n');
  await fs.writeFile(path.join(path.dirname(path.resolve(file)), 'pack.schema.json'), JSON.stringify(packSchema, null, 2) + '\n');
  io.stdout(`wrote ${file} (extends the built-in pack; edit the id, publisher and rules, then run \`vigil pack test ${file}\`)\n`);
  return 0;
}

/** Every rule's examples must match / must not match; load problems are failures too. */
async function test(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { list: 'boolean' });
  const file = args.positional[0];
  if (!file) throw new UsageError('usage: vigil pack test PACK.json [--list]');
  let json: unknown;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
    json = parseJsonText(text);
  } catch (err) {
    io.stderr(`vigil: ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const compiled = compilePack(json, file, { guardRegexes: true });
  const { pack } = compiled;
  // Lines as `scan` reports them: the same problems, the same places.
  const lines = problemLines(text);
  const problems = compiled.problems.map((p) => ({ ...p, line: lines(p.path) }));
  let failures = packErrors(problems).length;
  // A warning (a deprecated form that still works) is shown, not failed.
  for (const p of problems) io.stdout(p.severity === 'warning' ? `WARN ${describeProblem({ ...p, severity: undefined })}\n` : `FAIL ${describeProblem(p)}\n`);
  let passed = 0;
  for (const rule of pack.rules) {
    const single = { ...pack, rules: [rule] };
    const examples = rule.source.examples ?? { match: [], noMatch: [] };
    if (examples.match.length === 0 || examples.noMatch.length === 0) {
      io.stdout(`FAIL ${rule.id}: needs at least one "match" and one "noMatch" example\n`);
      failures++;
    }
    const check = (raw: string | RuleExample, shouldMatch: boolean, i: number): void => {
      const problem = exampleProblem(raw, rule.id, single, shouldMatch);
      if (problem === undefined) passed++;
      else {
        failures++;
        // The problem names positions and fixed code, never the example's matched text alone.
        const path = typeof raw === 'string' ? 'example.ts' : (raw.path ?? 'example.ts');
        io.stdout(
          `FAIL ${rule.id}: ${shouldMatch ? 'match' : 'noMatch'} example ${i + 1} ${rule.secret && problem.startsWith('its fix produced') ? 'was fixed differently from its output' : problem} (${path})\n`,
        );
      }
    };
    examples.match.forEach((e, i) => check(e, true, i));
    examples.noMatch.forEach((e, i) => check(e, false, i));
  }
  io.stdout(`${pack.rules.length} rules, ${passed} examples passed, ${failures} failed\n`);
  await printRulesInForce(file, new Set(pack.rules.map((r) => r.id)), args.values.has('list'), io);
  return failures > 0 ? 1 : 0;
}

/**
 * The rules a scan runs with this pack: the built-in pack, what this pack extends, then this pack
 * with its overrides, composed as `vigil scan --pack` composes them. The rules this pack adds or
 * changes are listed; `--list` lists them all.
 */
async function printRulesInForce(file: string, own: Set<string>, all: boolean, io: Io): Promise<void> {
  const { pack } = await loadActivePack({ root: process.cwd(), workspacePack: false, refs: [file] });
  const changed = pack.rules.filter((r) => own.has(r.id) || r.severity !== r.writtenSeverity);
  const others = pack.rules.length - changed.length;
  io.stdout(
    `\n${pack.rules.length} rule${pack.rules.length === 1 ? '' : 's'} in force with this pack: ${changed.length} added or changed by it, ${others} from the packs it builds on (${pack.sources.map((s) => s.id).join(', ')})\n`,
  );
  const shown = all ? pack.rules : changed;
  const width = Math.max(0, ...shown.map((r) => r.id.length));
  for (const r of shown) {
    const change = own.has(r.id) ? 'this pack' : r.severity !== r.writtenSeverity ? `override: ${r.writtenSeverity} → ${r.severity}` : '';
    io.stdout(`  ${r.severity.padEnd(7)}  ${r.id.padEnd(width)}  ${r.category.padEnd(9)}  ${change}\n`);
  }
  if (!all && others > 0) io.stdout(`  (--list lists all ${pack.rules.length})\n`);
}

async function keygen(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { out: 'string', force: 'boolean' });
  const base = one(args, 'out') ?? 'vigil-pack-key';
  // A signing key that is overwritten is gone: every pack signed with it can no longer be re-signed.
  const existing = [`${base}.pem`, `${base}.pub.pem`].filter((f) => existsSync(f));
  if (existing.length > 0 && !args.values.has('force'))
    throw new UsageError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}: keep the key, choose another --out, or replace it with --force`);
  const { privateKey, publicKey: pub } = generateKeyPairSync('ed25519');
  await fs.writeFile(`${base}.pem`, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  await fs.writeFile(`${base}.pub.pem`, pub.export({ format: 'pem', type: 'spki' }));
  io.stdout(`wrote ${base}.pem (private: keep it out of the repository) and ${base}.pub.pem (add it to vigil.trustedPublicKeys)\n`);
  return 0;
}

async function sign(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { key: 'string' });
  const file = args.positional[0];
  const keyFile = one(args, 'key');
  if (!file || !keyFile) throw new UsageError('usage: vigil pack sign PACK.json --key PRIVATE.pem');
  const signature = signData(null, await fs.readFile(file), createPrivateKey(await fs.readFile(keyFile, 'utf8')));
  await fs.writeFile(`${file}.sig`, signature.toString('base64') + '\n');
  io.stdout(`wrote ${file}.sig (detached Ed25519 signature; commit or publish it next to the pack)\n`);
  return 0;
}

async function verify(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, { pub: 'string' });
  const file = args.positional[0];
  const pubFile = one(args, 'pub');
  if (!file || !pubFile) throw new UsageError('usage: vigil pack verify PACK.json --pub PUBLIC.pem');
  let signature: Buffer;
  try {
    signature = Buffer.from((await fs.readFile(`${file}.sig`, 'utf8')).trim(), 'base64');
  } catch {
    io.stderr(`vigil: ${file}.sig not found: the pack is unsigned\n`);
    return 1;
  }
  const ok = verifyData(null, await fs.readFile(file), publicKey(await fs.readFile(pubFile, 'utf8')), signature);
  (ok ? io.stdout : io.stderr)(ok ? `${file}: signature OK\n` : `vigil: ${file}: bad signature for this key\n`);
  return ok ? 0 : 1;
}
