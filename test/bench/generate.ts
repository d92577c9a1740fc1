// Generates a workspace of N files that looks like an application: TypeScript and JavaScript
// modules of varied size, some JSON/YAML config and .env files, and planted findings (secrets,
// plain-HTTP endpoints, weak crypto) in about one file in twenty. Deterministic for a given N, so
// two runs scan the same tree.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'order',
  'invoice',
  'customer',
  'cart',
  'payment',
  'shipment',
  'report',
  'account',
  'profile',
  'catalog',
  'search',
  'audit',
  'session',
  'review',
  'stock',
  'price',
  'coupon',
  'address',
  'message',
  'upload',
];

// Planted findings: fake values shaped like real credentials, assembled at run time so this file
// itself holds no credential-shaped literal.
const PLANTS: Array<(r: () => number) => string> = [
  (r) => `export const githubToken = '${'gh' + 'p_'}${token(r, 36)}';\n`,
  (r) => `const stripe = new Stripe('${'sk_' + 'live_'}${token(r, 24)}');\n`,
  (r) => `export async function ping() {\n  return fetch('http://api.example-partner.com/v1/ping');\n}\n`,
  (r) => `import { createHash } from 'node:crypto';\nexport const digest = (s: string) => createHash('md5').update(s).digest('hex');\n`,
  (r) => `export const agentOptions = { rejectUnauthorized: false, keepAlive: ${r() > 0.5} };\n`,
  (r) => `export const resetToken = () => Math.random().toString(36).slice(2);\n`,
  (r) => `const dbPassword = '${token(r, 20)}';\nexport const db = { user: 'app', password: dbPassword };\n`,
];

function token(r: () => number, n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

function pick<T>(r: () => number, list: T[]): T {
  return list[Math.floor(r() * list.length)];
}

function tsModule(r: () => number, name: string, siblings: string[]): string {
  const entity = name[0].toUpperCase() + name.slice(1);
  const lines: string[] = [];
  for (const s of siblings) lines.push(`import { ${s}Service } from './${s}';`);
  lines.push(`import type { Logger } from '../shared/logger';`, '');
  lines.push(`/** A ${name} as stored and returned by the API. */`);
  lines.push(`export interface ${entity} {`, '  id: string;', '  createdAt: Date;', `  status: 'open' | 'closed' | 'pending';`, '  amount: number;', '  tags: string[];', '}', '');
  lines.push(`export class ${entity}Service {`);
  lines.push(`  private readonly cache = new Map<string, ${entity}>();`, '');
  lines.push('  constructor(private readonly log: Logger) {}', '');
  const methods = 3 + Math.floor(r() * 12);
  for (let m = 0; m < methods; m++) {
    const verb = pick(r, ['load', 'save', 'find', 'update', 'remove', 'list', 'count', 'validate']);
    lines.push(`  async ${verb}${entity}${m}(id: string, options: { limit?: number; offset?: number } = {}): Promise<${entity} | undefined> {`);
    lines.push(`    const key = \`${name}:\${id}:\${options.limit ?? 10}\`;`);
    lines.push('    const hit = this.cache.get(key);');
    lines.push('    if (hit) return hit;');
    lines.push(`    this.log.debug('${verb} ${name}', { id, offset: options.offset ?? 0 });`);
    lines.push(`    const rows = await Promise.all([1, 2, 3].map(async (n) => ({ id: id + n, createdAt: new Date(), status: 'open' as const, amount: n * ${m + 1}, tags: ['${pick(r, WORDS)}'] })));`);
    lines.push('    const best = rows.filter((row) => row.amount > 1).sort((a, b) => b.amount - a.amount)[0];');
    lines.push('    if (best) this.cache.set(key, best);');
    lines.push('    return best;');
    lines.push('  }', '');
  }
  lines.push('}', '');
  return lines.join('\n');
}

function jsModule(r: () => number, name: string): string {
  const lines = [`'use strict';`, `const path = require('path');`, ''];
  const fns = 2 + Math.floor(r() * 8);
  for (let f = 0; f < fns; f++) {
    lines.push(`function ${name}Helper${f}(items, options) {`);
    lines.push('  const out = [];');
    lines.push('  for (const item of items) {');
    lines.push(`    if (item && item.kind === '${pick(r, WORDS)}') out.push(path.join(options.root, String(item.id)));`);
    lines.push('  }');
    lines.push('  return out;');
    lines.push('}', '');
  }
  lines.push(`module.exports = { ${Array.from({ length: fns }, (_, f) => `${name}Helper${f}`).join(', ')} };`, '');
  return lines.join('\n');
}

export function generate(root: string, count: number): { root: string; files: number; planted: number } {
  rmSync(root, { recursive: true, force: true });
  const r = random(count);
  let planted = 0;
  const perFolder = 50;
  for (let i = 0; i < count; i++) {
    const folder = path.join(root, 'packages', `pkg${Math.floor(i / (perFolder * 10))}`, 'src', `mod${Math.floor(i / perFolder)}`);
    mkdirSync(folder, { recursive: true });
    const name = `${pick(r, WORDS)}${i}`;
    const kind = r();
    let file: string;
    let text: string;
    if (kind < 0.7) {
      file = `${name}.ts`;
      text = tsModule(
        r,
        name,
        [pick(r, WORDS), pick(r, WORDS)].map((w, k) => `${w}${Math.max(0, i - k - 1)}`),
      );
    } else if (kind < 0.9) {
      file = `${name}.js`;
      text = jsModule(r, name);
    } else if (kind < 0.96) {
      file = `${name}.json`;
      text = JSON.stringify({ name, version: '1.0.0', settings: { retries: 3, timeoutMs: 5000, region: 'eu-west-1' } }, null, 2) + '\n';
    } else if (kind < 0.99) {
      file = `${name}.yaml`;
      text = `name: ${name}\nreplicas: 2\nimage: registry.example.com/${name}:1.0\n`;
    } else {
      file = `${name}.env`;
      text = `PORT=3000\nLOG_LEVEL=info\n`;
    }
    if (/\.(ts|js)$/.test(file) && r() < 0.05) {
      text += '\n' + pick(r, PLANTS)(r);
      planted++;
    }
    writeFileSync(path.join(folder, file), text);
  }
  return { root, files: count, planted };
}
