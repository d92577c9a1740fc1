import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionKind, Command, CreateFile, TextDocumentEdit, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { appendLine, envFixAppends, envFixForLiteral, gitignoreLine, parseDotenv } from './envFix';
import ignore from 'ignore';
import { isJsPath } from '../engine/language';
import { LineIndex } from '../engine/lines';
import { Finding } from '../engine/types';
import { Commands } from '../protocol';

export const MOVED_TO_ENV_COMMAND = Commands.movedToEnv;

interface FileState {
  uri: string;
  text: string | undefined;
  version: number | null;
}

/** The current text of a file: the editor's buffer when it is open, else the disk. */
async function fileState(absolute: string, documents: TextDocuments<TextDocument>): Promise<FileState> {
  const uri = URI.file(absolute).toString();
  const open = documents.get(uri);
  if (open) return { uri, text: open.getText(), version: open.version };
  try {
    return { uri, text: await fs.readFile(absolute, 'utf8'), version: null };
  } catch {
    return { uri, text: undefined, version: null };
  }
}

/** Unquotes a JS string literal's source text ('…', "…" or a template without substitutions). */
export function unquoteJsLiteral(source: string): string | undefined {
  const quote = source[0];
  if (!['"', "'", '`'].includes(quote) || source[source.length - 1] !== quote) return undefined;
  const body = source.slice(1, -1);
  if (quote === '`' && body.includes('${')) return undefined;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_m, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return escapes[e] ?? e;
  });
}

/**
 * "Move to environment variable": replaces the literal with `process.env.NAME` that throws at
 * once when the variable is not set (see envReadExpression), appends
 * `NAME=value` to `.env` and `NAME=` to `.env.example` (creating them if missing) and makes sure
 * `.env` is in `.gitignore`. JS/TS string literals only; appends only.
 */
export async function moveToEnvAction(document: TextDocument, finding: Finding, root: string | undefined, documents: TextDocuments<TextDocument>): Promise<CodeAction | undefined> {
  const fsPath = URI.parse(document.uri).fsPath;
  if (finding.category !== 'secret' || !finding.literalRange || !isJsPath(fsPath)) return undefined;
  const value = unquoteJsLiteral(document.getText(finding.literalRange));
  if (value === undefined || value.length === 0) return undefined;
  const folder = root ?? path.dirname(fsPath);
  // A secret must never be appended to a file git tracks (it would be committed) or to a link
  // that leads out of the workspace: then .env.local, untracked and ignored, and the title says why.
  const target = await safeDotenv(folder);
  if (!target) return undefined;
  const [env, example, gitignore] = await Promise.all([target.file, '.env.example', '.gitignore'].map((f) => fileState(path.join(folder, f), documents)));
  const { name, newText } = envFixForLiteral(
    document.getText(),
    document.offsetAt(finding.literalRange.start),
    document.offsetAt(finding.literalRange.end),
    value,
    finding,
    parseDotenv(env.text ?? ''),
  );
  const appends = envFixAppends(name, value, { env: env.text, example: example.text, gitignore: gitignore.text }, target.file);

  const documentChanges: Array<TextDocumentEdit | CreateFile> = [TextDocumentEdit.create({ uri: document.uri, version: document.version }, [{ range: finding.literalRange, newText }])];
  for (const [state, text] of [
    [env, appends.env],
    [example, appends.example],
    [gitignore, appends.gitignore],
  ] as const) {
    if (text === undefined) continue;
    if (state.text === undefined) documentChanges.push(CreateFile.create(state.uri, { ignoreIfExists: true }));
    const end = new LineIndex(state.text ?? '').position((state.text ?? '').length);
    documentChanges.push(TextDocumentEdit.create({ uri: state.uri, version: state.version }, [{ range: { start: end, end }, newText: text }]));
  }
  return {
    title: `Move to environment variable ${name} (${target.file}${target.why ? `: ${target.why}` : ''})`,
    kind: CodeActionKind.QuickFix,
    edit: { documentChanges },
    command: Command.create('Remind to rotate the secret', MOVED_TO_ENV_COMMAND, name),
  };
}

/** Why a dotenv file cannot take a secret (tracked by git, a link out of the folder), or undefined when it can. */
async function unsafeDotenv(folder: string, file: string): Promise<string | undefined> {
  const absolute = path.join(folder, file);
  try {
    if ((await fs.lstat(absolute)).isSymbolicLink()) {
      const real = await fs.realpath(absolute).catch(() => undefined);
      const inside = real !== undefined && !path.relative(await fs.realpath(folder), real).startsWith('..') && !path.isAbsolute(path.relative(await fs.realpath(folder), real));
      if (!inside) return `${file} is a link out of the workspace`;
    }
  } catch {
    // does not exist yet: it will be created
  }
  return (await tracked(folder, file)) ? `${file} is tracked by git` : undefined;
}

/** `.env`, else `.env.local` with the reason; undefined when neither can safely take the secret. */
async function safeDotenv(folder: string): Promise<{ file: string; why?: string } | undefined> {
  const why = await unsafeDotenv(folder, '.env');
  if (!why) return { file: '.env' };
  if (await unsafeDotenv(folder, '.env.local')) return undefined;
  return { file: '.env.local', why: `${why}; load .env.local too` };
}

/** Whether git tracks `file` in `folder` (false outside a repository or without git). */
function tracked(folder: string, file: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '-z', '--', file], { cwd: folder, timeout: 5000 }, (err, stdout) => resolve(!err && stdout.length > 0));
  });
}

/** `.env`, `.env.local`, `.env.production`: files meant to hold secrets, never to be committed. */
function isDotenvWithSecrets(base: string): boolean {
  return /^\.env(?:\..+)?$/.test(base) && !/\.(?:example|sample|template|dist|defaults)$/.test(base);
}

/**
 * For a secret in a `.env` file that git does not ignore: append it to `.gitignore` (the honest fix
 * there; the value stays where secrets belong). Undefined when already ignored or not a dotenv file.
 */
export async function ignoreDotenvAction(document: TextDocument, finding: Finding, root: string | undefined, documents: TextDocuments<TextDocument>): Promise<CodeAction | undefined> {
  const fsPath = URI.parse(document.uri).fsPath;
  if (finding.category !== 'secret' || !root || !isDotenvWithSecrets(path.basename(fsPath))) return undefined;
  const rel = path.relative(root, fsPath).split(path.sep).join('/');
  const gitignore = await fileState(path.join(root, '.gitignore'), documents);
  const line = gitignoreLine(rel);
  if (line === undefined) return undefined;
  const text = appendLine(gitignore.text, line, (t) => ignore().add(t).ignores(rel));
  if (text === undefined) return undefined;
  const end = new LineIndex(gitignore.text ?? '').position((gitignore.text ?? '').length);
  const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
  if (gitignore.text === undefined) documentChanges.push(CreateFile.create(gitignore.uri, { ignoreIfExists: true }));
  documentChanges.push(TextDocumentEdit.create({ uri: gitignore.uri, version: gitignore.version }, [{ range: { start: end, end }, newText: text }]));
  return { title: `Add ${rel} to .gitignore (keep its secrets out of git)`, kind: CodeActionKind.QuickFix, edit: { documentChanges } };
}
