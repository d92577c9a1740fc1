import { CompiledPack, CompiledRule, emptyPack, PackProblem } from './load';

/**
 * Composes packs in order (built-in first, then the workspace pack, then configured packs): a rule
 * with an existing id replaces it, overrides change severity or disable a rule, allow lists add up,
 * policies only tighten, a tip keyed by a rule id replaces that rule's tip. An override of an
 * unknown rule is reported, not ignored.
 */
export function composePacks(layers: CompiledPack[]): { pack: CompiledPack; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const out = emptyPack(layers[layers.length - 1]?.id ?? 'empty');
  const rules = new Map<string, CompiledRule>();
  for (const layer of layers) {
    for (const rule of layer.rules) rules.set(rule.id, rule);
    layer.overrides.forEach((o, i) => {
      const rule = rules.get(o.rule);
      if (!rule) {
        problems.push({
          pack: layer.sources[0]?.origin ?? layer.id,
          path: `overrides[${i}].rule`,
          message: `unknown rule id "${o.rule}" in an override (check the spelling; \`vigil pack test\` lists the rules in force)`,
        });
        return;
      }
      if (o.disabled) rules.delete(o.rule);
      else if (o.severity) rules.set(o.rule, { ...rule, severity: o.severity });
    });
    out.allow.paths.push(...layer.allow.paths);
    for (const v of layer.allow.values) out.allow.values.add(v);
    out.allow.patterns.push(...layer.allow.patterns);
    for (const kind of Object.keys(out.contexts) as Array<keyof typeof out.contexts>) out.contexts[kind].push(...layer.contexts[kind]);
    for (const r of layer.policy.unsuppressible) out.policy.unsuppressible.add(r);
    out.policy.requireReason ||= layer.policy.requireReason;
    out.policy.requireExpiry ||= layer.policy.requireExpiry;
    out.policy.requireReviewer ||= layer.policy.requireReviewer;
    out.policy.strictComments ||= layer.policy.strictComments;
    if (layer.policy.failOn) out.policy.failOn = layer.policy.failOn;
    if (layer.policy.nonProduction) out.policy.nonProduction = layer.policy.nonProduction;
    if (layer.policy.hookWithoutCli) out.policy.hookWithoutCli = layer.policy.hookWithoutCli;
    Object.assign(out.tips, layer.tips);
    if (layer.houseRules.length > 0) out.houseRules = layer.houseRules;
    // Top pack first: its providers are tried before (and replace) those below.
    const ids = new Set(layer.providers.map((p) => p.id));
    out.providers = [...layer.providers, ...out.providers.filter((p) => !ids.has(p.id))];
    out.sources.push(...layer.sources);
    out.id = layer.id;
    out.version = layer.version;
    out.description = layer.description;
    out.publisher = layer.publisher;
  }
  // Own keys only: a rule id such as `constructor` or `toString` must not find Object's members.
  out.rules = [...rules.values()].map((r) => (Object.hasOwn(out.tips, r.id) ? { ...r, tip: out.tips[r.id].markdown } : r));
  // Tips keyed by a rule id now live in that rule; the rest are topic tips.
  for (const id of Object.keys(out.tips)) if (rules.has(id)) delete out.tips[id];
  return { pack: out, problems };
}
