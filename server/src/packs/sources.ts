import { createHash, verify as verifySignature, createPublicKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { lineAt, problemLines, readJson } from '../engine/jsonText';
import { builtinPack } from './builtin';
import { composePacks } from './compose';
import type { NonProductionMode } from './types';
import { CompiledPack, compilePack, PackProblem } from './load';

// Where packs come from: files, npm packages in the workspace, pinned HTTPS URLs. The only module
// that reads packs from disk or network; a URL is fetched only because it is configured.

export const BUILTIN_REF = 'vigil:builtin';
export const WORKSPACE_PACK = path.join('.vigil', 'pack.json');

export interface PackLoadOptions {
  /** Folder that relative refs and npm package names resolve from (the workspace root). */
  root: string;
  /** Load `.vigil/pack.json` from the root (false in untrusted workspaces). */
  workspacePack: boolean;
  /** Extra packs: CLI `--pack`, setting `vigil.rulePacks`. Paths, npm names or `https://…#sha256=…`. */
  refs: string[];
  /** Ed25519 public keys (PEM or base64 DER); when set, every non-built-in pack must be signed. */
  trustedPublicKeys?: string[];
  /** Where fetched packs are cached for offline use. */
  cacheDir?: string;
  /** Text of open editor buffers, preferred over the disk. */
  overlay?: (absolute: string) => string | undefined;
  /**
   * An untrusted workspace: the configured packs come from the user, so they must not resolve
   * inside the workspace (an npm name from its node_modules, a relative path, a file under its
   * root), or a repository could ship a pack that silences everything.
   */
  untrusted?: boolean;
  /** The user's choice for findings in non-production code (CLI `--non-production`, setting `vigil.nonProductionCode`); over the packs' policy. */
  nonProduction?: NonProductionMode;
  /**
   * The last version of each pack that loaded cleanly (kept by the language server): when a pack
   * stops loading (bad JSON, bad signature), that version stays in force.
   */
  lastGood?: Map<string, CompiledPack>;
}

export interface ActivePack {
  pack: CompiledPack;
  problems: PackProblem[];
  /** Files that, when changed, should reload the packs. */
  files: string[];
}

/** Built-in pack, then the workspace pack, then each configured pack: composed into the pack in force. */
export async function loadActivePack(options: PackLoadOptions): Promise<ActivePack> {
  const base = builtinPack();
  const problems: PackProblem[] = [...base.problems];
  const layers: CompiledPack[] = [base.pack];
  const files: string[] = [];
  const refs: Array<{ ref: string; from: string; optional: boolean }> = [];
  if (options.workspacePack) refs.push({ ref: path.join(options.root, WORKSPACE_PACK), from: options.root, optional: true });
  for (const ref of options.refs) {
    const refused = options.untrusted ? untrustedRefProblem(ref, options.root) : undefined;
    if (refused) problems.push({ pack: ref, path: '', message: refused });
    else refs.push({ ref, from: options.root, optional: false });
  }
  const seen = new Set<string>();
  const texts = new Map<string, string>();
  for (const { ref, from, optional } of refs) {
    await loadTree(ref, from, options, { layers, problems, files, seen, optional, depth: 0, texts });
  }
  const composed = composePacks(layers);
  if (options.nonProduction) composed.pack.policy.nonProduction = options.nonProduction;
  // Problems found when packs are put together (an override of an unknown rule) get their line too.
  const located = composed.problems.map((p) => {
    const text = texts.get(p.pack);
    const line = text === undefined ? undefined : problemLines(text)(p.path);
    return line === undefined ? p : { ...p, line };
  });
  return { pack: composed.pack, problems: [...problems, ...located], files };
}

interface TreeState {
  layers: CompiledPack[];
  problems: PackProblem[];
  files: string[];
  seen: Set<string>;
  optional: boolean;
  depth: number;
  /** Extended by a pack that lives in the workspace: a URL may be read from the cache, never fetched. */
  fromWorkspace?: boolean;
  /** Each loaded pack's text by origin, for the lines of problems found later. */
  texts: Map<string, string>;
}

async function loadTree(ref: string, from: string, options: PackLoadOptions, state: TreeState): Promise<void> {
  if (ref === BUILTIN_REF) return;
  if (state.depth > 8) {
    state.problems.push({ pack: ref, path: 'extends', message: 'packs extend each other more than 8 levels deep' });
    return;
  }
  const located = await readPackText(ref, from, options, state.optional, state.fromWorkspace === true);
  if (!located) return;
  if ('problem' in located) {
    state.problems.push(located.problem);
    return;
  }
  const { origin, text, file } = located;
  if (state.seen.has(origin)) return;
  state.seen.add(origin);
  state.texts.set(origin, text);
  if (file) state.files.push(file);
  const keepPrevious = (problem: PackProblem): void => {
    const previous = options.lastGood?.get(origin);
    state.problems.push(previous ? { ...problem, message: `${problem.message} (the previous version of this pack stays in force)` } : problem);
    if (previous) state.layers.push(previous);
  };
  const signatureProblem = await checkSignature(origin, text, file, options);
  if (signatureProblem) return keepPrevious(signatureProblem);
  const read = readJson(text);
  if ('error' in read) return keepPrevious({ pack: origin, path: '', message: `invalid JSON: ${read.error.message}`, line: lineAt(text, read.error.offset) });
  const compiled = compilePack(read.value, origin, { guardRegexes: true });
  options.lastGood?.set(origin, compiled.pack);
  const lines = problemLines(text);
  state.problems.push(...compiled.problems.map((p) => ({ ...p, line: lines(p.path) })));
  const baseDir = file ? path.dirname(file) : from;
  // A repository's own packs must not make Vigil contact a host of their choosing.
  const inWorkspace = file !== undefined && isInside(options.root, file);
  for (const parent of compiled.pack.extends) {
    await loadTree(parent, baseDir, options, { ...state, optional: false, depth: state.depth + 1, fromWorkspace: state.fromWorkspace === true || inWorkspace });
  }
  state.layers.push(compiled.pack);
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

function untrustedRefProblem(ref: string, root: string): string | undefined {
  if (/^https:\/\//i.test(ref)) return undefined;
  const inside = path.isAbsolute(ref) && !path.relative(root, ref).startsWith('..') && !path.isAbsolute(path.relative(root, ref));
  if (path.isAbsolute(ref) && !inside) return undefined;
  return 'not loaded: this workspace is not trusted, and this pack would be read from inside it (an npm name resolves from its node_modules, a relative or workspace path from its files); use an absolute path outside the workspace or a pinned https:// URL, or trust the workspace';
}

type Located = { origin: string; text: string; file?: string } | { problem: PackProblem };

async function readPackText(ref: string, from: string, options: PackLoadOptions, optional: boolean, cacheOnly = false): Promise<Located | undefined> {
  if (/^https:\/\//i.test(ref)) return fetchPinned(ref, options, cacheOnly);
  if (/^[a-z]+:\/\//i.test(ref)) return { problem: { pack: ref, path: '', message: 'only https:// URLs with a #sha256= pin are accepted for packs' } };
  let file: string | undefined;
  if (ref.startsWith('.') || path.isAbsolute(ref)) file = path.resolve(from, ref);
  else {
    // An npm package name, resolved from the workspace's node_modules like a shareable ESLint config.
    try {
      const req = createRequire(path.join(from, 'package.json'));
      const manifest = req.resolve(`${ref}/package.json`);
      const pkg = JSON.parse(await fs.readFile(manifest, 'utf8')) as { vigil?: string };
      file = path.join(path.dirname(manifest), typeof pkg.vigil === 'string' ? pkg.vigil : 'pack.json');
    } catch {
      return { problem: { pack: ref, path: '', message: `pack "${ref}" not found: not a file, and no npm package of that name in ${from}/node_modules (run npm install?)` } };
    }
  }
  const open = options.overlay?.(file);
  if (open !== undefined) return { origin: file, text: open, file };
  try {
    return { origin: file, text: await fs.readFile(file, 'utf8'), file };
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { problem: { pack: file, path: '', message: `cannot read the pack: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` } };
  }
}

/** `https://host/pack.json#sha256=<hex>`: fetched once, checked against the pin, cached for offline use. */
async function fetchPinned(ref: string, options: PackLoadOptions, cacheOnly = false): Promise<Located> {
  const [url, fragment = ''] = ref.split('#');
  const pin = /(?:^|&)sha256=([0-9a-f]{64})/i.exec(fragment)?.[1]?.toLowerCase();
  if (!pin) return { problem: { pack: url, path: '', message: 'a pack URL must carry a pin: append #sha256=<hex digest of the pack file>' } };
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `${pin}.json`) : undefined;
  if (cacheFile) {
    try {
      const cached = await fs.readFile(cacheFile, 'utf8');
      if (sha256(cached) === pin) return { origin: url, text: cached };
    } catch {
      // not cached yet
    }
  }
  if (cacheOnly) {
    return {
      problem: {
        pack: url,
        path: 'extends',
        message: `not fetched: a pack inside the workspace extends ${url}, and Vigil contacts no host a repository chooses; add this pinned URL to your own configuration (--pack or vigil.rulePacks) once, and its cached copy is used from then on`,
      },
    };
  }
  let text: string;
  try {
    const got = await fetchWithDeadline(url);
    if ('status' in got) return { problem: { pack: url, path: '', message: `cannot fetch the pack: HTTP ${got.status}` } };
    text = got.text;
  } catch (err) {
    return { problem: { pack: url, path: '', message: `cannot fetch the pack and no cached copy: ${(err as Error).message}` } };
  }
  if (sha256(text) !== pin) return { problem: { pack: url, path: '', message: `pin mismatch: the pack's SHA-256 is ${sha256(text)}, the URL pins ${pin}; refused` } };
  if (cacheFile) {
    await fs.mkdir(path.dirname(cacheFile), { recursive: true });
    await fs.writeFile(cacheFile, text);
  }
  return { origin: url, text };
}

const FETCH_DEADLINE_MS = 10_000;
const MAX_PACK_BYTES = 5 * 1024 * 1024;

/**
 * One overall deadline for the whole fetch, body included: a server that trickles a byte at a
 * time cannot hold a scan (or the editor's pack loading) for minutes. Bodies over 5 MB are refused.
 */
async function fetchWithDeadline(url: string): Promise<{ text: string } | { status: number }> {
  const controller = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // Aborting the request does not close a body being read: the reader is cancelled too, so that
  // no socket keeps the process alive.
  const stop = (): void => {
    controller.abort();
    reader?.cancel().catch(() => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      stop();
      reject(new Error(`no complete answer within ${FETCH_DEADLINE_MS / 1000} s`));
    }, FETCH_DEADLINE_MS);
  });
  const work = (async (): Promise<{ text: string } | { status: number }> => {
    const res = await fetch(url, { redirect: 'error', signal: controller.signal });
    if (!res.ok) return { status: res.status };
    const chunks: Buffer[] = [];
    let size = 0;
    reader = res.body?.getReader();
    for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) {
      size += part.value.length;
      if (size > MAX_PACK_BYTES) {
        stop();
        throw new Error(`the answer is larger than ${MAX_PACK_BYTES / 1024 / 1024} MB: not a rule pack`);
      }
      chunks.push(Buffer.from(part.value));
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
  })();
  work.catch(() => undefined); // settled by the race; a late rejection after the deadline is expected
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** With trusted keys configured, a pack needs a valid detached Ed25519 signature (`pack.json.sig`, base64). */
async function checkSignature(origin: string, text: string, file: string | undefined, options: PackLoadOptions): Promise<PackProblem | undefined> {
  const keys = options.trustedPublicKeys ?? [];
  if (keys.length === 0) return undefined;
  let signature: Buffer;
  try {
    signature = Buffer.from((file ? await fs.readFile(`${file}.sig`, 'utf8') : '').trim(), 'base64');
  } catch {
    return { pack: origin, path: '', message: `unsigned pack refused: vigil.trustedPublicKeys is set and ${path.basename(file ?? origin)}.sig is missing (sign it with \`vigil pack sign\`)` };
  }
  for (const key of keys) {
    try {
      if (verifySignature(null, Buffer.from(text), publicKey(key), signature)) return undefined;
    } catch {
      // a malformed key or signature: try the next key
    }
  }
  return { pack: origin, path: '', message: 'bad signature: the pack does not match its .sig for any key in vigil.trustedPublicKeys; refused' };
}

export function publicKey(key: string): ReturnType<typeof createPublicKey> {
  return key.includes('BEGIN') ? createPublicKey(key) : createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
