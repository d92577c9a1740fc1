import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Connection, DiagnosticSeverity, MessageType } from 'vscode-languageserver/node';
import { tell } from './messages';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { URI } from 'vscode-uri';
import { DEFAULT_BASELINE, readBaseline } from '../workspace/baseline';
import { builtinPack } from '../packs/builtin';
import { CompiledPack, CompiledRule, PackProblem, packErrors } from '../packs/load';
import { loadActivePack, WORKSPACE_PACK } from '../packs/sources';
import type { NonProductionMode } from '../packs/types';

export interface PackContext {
  root: string | undefined;
  trusted: boolean;
  refs: string[];
  trustedPublicKeys: string[];
  cacheDir: string | undefined;
  overlay: (absolute: string) => string | undefined;
  nonProduction?: NonProductionMode;
}

/**
 * The packs and baseline in force in the editor: loaded like the CLI loads them, reloaded when a
 * pack file or a setting changes. Problems become diagnostics on the pack file, at their line;
 * a pack that stops loading keeps its last good version in force.
 */
export class ActivePacks {
  pack: CompiledPack = builtinPack().pack;
  baseline: Set<string> | undefined;
  private rules = new Map<string, CompiledRule>(this.pack.rules.map((r) => [r.id, r]));
  private readonly lastGood = new Map<string, CompiledPack>();
  private packFiles = new Set<string>();
  private diagnosedUris = new Set<string>();
  private lastMessages = '';

  constructor(private readonly connection: Connection) {}

  ruleById = (id: string): CompiledRule | undefined => this.rules.get(id);

  /** A file whose change should reload the packs. */
  isPackFile(fsPath: string): boolean {
    return this.packFiles.has(fsPath) || fsPath.endsWith(`${path.sep}${WORKSPACE_PACK}`) || fsPath.endsWith(`${path.sep}${DEFAULT_BASELINE}`);
  }

  async reload(ctx: PackContext): Promise<void> {
    const loaded = await loadActivePack({
      root: ctx.root ?? process.cwd(),
      workspacePack: ctx.trusted && ctx.root !== undefined,
      refs: ctx.refs,
      trustedPublicKeys: ctx.trustedPublicKeys,
      cacheDir: ctx.cacheDir,
      overlay: ctx.overlay,
      lastGood: this.lastGood,
      nonProduction: ctx.nonProduction,
      untrusted: !ctx.trusted,
    });
    this.pack = loaded.pack;
    this.rules = new Map(loaded.pack.rules.map((r) => [r.id, r]));
    this.packFiles = new Set(loaded.files);
    const problems = [...loaded.problems];
    this.baseline = undefined;
    if (ctx.root && ctx.trusted) {
      const file = path.join(ctx.root, DEFAULT_BASELINE);
      try {
        await fs.access(file);
        this.baseline = await readBaseline(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ pack: file, path: '', message: (err as Error).message });
      }
    }
    this.report(problems);
    if (!ctx.trusted && ctx.root) {
      try {
        await fs.access(path.join(ctx.root, WORKSPACE_PACK));
        tell(
          this.connection,
          MessageType.Info,
          'Vigil: this workspace is not trusted, so its rule pack (.vigil/pack.json) and baseline are not loaded; only the built-in and your user-level packs apply. Trust the workspace to enforce the team rules.',
        );
      } catch {
        // no workspace pack: nothing to say
      }
    }
  }

  /** Diagnostics on the pack files at the problem's line, and one message per new set of problems. */
  private report(problems: PackProblem[]): void {
    const byFile = new Map<string, PackProblem[]>();
    for (const p of problems) {
      if (!path.isAbsolute(p.pack)) continue;
      const uri = URI.file(p.pack).toString();
      byFile.set(uri, [...(byFile.get(uri) ?? []), p]);
    }
    for (const uri of this.diagnosedUris) if (!byFile.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.diagnosedUris = new Set(byFile.keys());
    for (const [uri, list] of byFile) {
      void this.connection.sendDiagnostics({
        uri,
        diagnostics: list.map((p) => {
          const line = Math.max(0, (p.line ?? 1) - 1);
          return {
            range: { start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } },
            severity: p.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
            source: DIAGNOSTIC_SOURCE,
            code: 'vigil.pack',
            message: `${p.path ? `${p.path}: ` : ''}${p.message}`,
          };
        }),
      });
    }
    // Errors first: the message names the first problem, and is a warning only when nothing is broken.
    const errors = packErrors(problems);
    const ordered = [...errors, ...problems.filter((p) => p.severity === 'warning')];
    const messages = ordered.map((p) => `${path.basename(p.pack)}${p.line ? `:${p.line}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
    if (messages && messages !== this.lastMessages) {
      const kind = errors.length > 0 ? 'problem' : 'warning';
      tell(
        this.connection,
        errors.length > 0 ? MessageType.Error : MessageType.Warning,
        `Vigil: rule pack ${kind}${ordered.length > 1 ? `s (${ordered.length})` : ''}: ${messages.split('\n')[0]}${ordered.length > 1 ? ' …' : ''}`,
      );
    }
    this.lastMessages = messages;
  }
}
