import { Connection } from 'vscode-languageserver/node';
import type { CompiledPack, CompiledRule } from '../packs/load';
import { InstallHookRequest, PackInfoRequest, RequestSpec, Tip, TipRequest, TipsRequest } from '../protocol';
import { installHook } from '../workspace/gitHook';

// The `vigil/*` requests the client's panels and commands send: training tips, the packs in
// force, the pre-commit hook. Each answers from the packs in force at the time of the request.

/** A request of the shared protocol, typed by its declaration in protocol.ts. */
export function handle<P, R>(connection: Connection, type: RequestSpec<P, R>, handler: (params: P) => R | Promise<R>): void {
  connection.onRequest(type.method, (params: P): Promise<R> => Promise.resolve(handler(params)));
}

function tipOf(rule: CompiledRule): Tip {
  return { ruleId: rule.id, name: rule.name, category: rule.category, severity: rule.severity, tip: rule.tip, cwe: rule.cwe, owasp: rule.owasp, keywords: rule.keywords };
}

function topicTips(pack: CompiledPack): Tip[] {
  return Object.entries(pack.tips).map(([id, t]) => ({ ruleId: id, name: t.title, category: 'topic', severity: '', tip: t.markdown, cwe: [], owasp: [] }));
}

export function registerRequests(connection: Connection, inForce: () => CompiledPack): void {
  /** The training tip for a rule (or a topic), for the client's tips panel. */
  handle(connection, TipRequest, ({ ruleId }) => {
    const pack = inForce();
    const rule = pack.rules.find((r) => r.id === ruleId);
    return rule ? tipOf(rule) : (topicTips(pack).find((t) => t.ruleId === ruleId) ?? null);
  });

  /** Every tip, topics first, for browsing, search and the tip of the day. */
  handle(connection, TipsRequest, () => [...topicTips(inForce()), ...inForce().rules.map(tipOf)]);

  /** Which packs are in force and who publishes them, and the team's house rules. */
  handle(connection, PackInfoRequest, () => {
    const pack = inForce();
    return {
      sources: pack.sources,
      houseRules: pack.houseRules,
      policy: { ...pack.policy, unsuppressible: [...pack.policy.unsuppressible] },
      topics: pack.tips,
    };
  });

  /** Installs the git pre-commit hook for the client (which carries no installer): the team pack's policy says whether a missing CLI blocks. */
  handle(connection, InstallHookRequest, async (params) => {
    const result = await installHook(params.folder, { bundledCli: params.bundledCli, missing: inForce().policy.hookWithoutCli ?? 'warn' });
    return { ok: result.ok, message: result.message };
  });
}
