import { linearEngineAvailable } from '../engine/regex';
import { createHash } from 'node:crypto';
import { Severity } from '../engine/types';
import { CompiledPack, CompiledPolicy, compilePack, emptyPack, PackSourceInfo, packErrors } from './load';
import { ContextKind, RuleJson, TopicTip } from './types';

/**
 * The pack in force as plain data: what a scan worker needs to rebuild exactly the same pack
 * (compiled detectors are functions and cannot cross a thread), and what the result cache keys on.
 */
export interface PackSnapshot {
  id: string;
  version: string;
  description: string;
  publisher: string;
  /** Each rule as written, with the severity and tip in force after overrides. */
  rules: Array<{ source: RuleJson; severity: Severity; tip: string; linear?: boolean }>;
  allow: { paths: string[]; values: string[]; patterns: Array<{ source: string; flags: string }> };
  contexts: Record<ContextKind, string[]>;
  /** The compiled policy, with its set as a sorted list. */
  policy: Omit<CompiledPolicy, 'unsuppressible'> & { unsuppressible: string[] };
  tips: Record<string, TopicTip>;
  houseRules: string[];
  sources: PackSourceInfo[];
}

// A composed pack does not change once loaded: its snapshot (for the workers and the cache key) is
// taken once, not once per use in every scan.
const snapshots = new WeakMap<CompiledPack, PackSnapshot>();
const fingerprints = new WeakMap<PackSnapshot, string>();

export function snapshotPack(pack: CompiledPack): PackSnapshot {
  let snapshot = snapshots.get(pack);
  if (!snapshot) {
    snapshot = takeSnapshot(pack);
    snapshots.set(pack, snapshot);
  }
  return snapshot;
}

function takeSnapshot(pack: CompiledPack): PackSnapshot {
  return {
    id: pack.id,
    version: pack.version,
    description: pack.description,
    publisher: pack.publisher,
    rules: pack.rules.map((r) => ({ source: r.source, severity: r.severity, tip: r.tip, ...(r.linearRegexes ? { linear: true } : {}) })),
    allow: {
      paths: [...pack.allow.paths],
      values: [...pack.allow.values].sort(),
      patterns: pack.allow.patterns.map((re) => ({ source: re.source, flags: re.flags })),
    },
    contexts: { translation: [...pack.contexts.translation], nonProduction: [...pack.contexts.nonProduction], prose: [...pack.contexts.prose], browser: [...pack.contexts.browser] },
    policy: {
      unsuppressible: [...pack.policy.unsuppressible].sort(),
      requireReason: pack.policy.requireReason,
      requireExpiry: pack.policy.requireExpiry,
      requireReviewer: pack.policy.requireReviewer,
      strictComments: pack.policy.strictComments,
      ...(pack.policy.failOn ? { failOn: pack.policy.failOn } : {}),
      ...(pack.policy.nonProduction ? { nonProduction: pack.policy.nonProduction } : {}),
      ...(pack.policy.hookWithoutCli ? { hookWithoutCli: pack.policy.hookWithoutCli } : {}),
    },
    tips: pack.tips,
    houseRules: pack.houseRules,
    sources: pack.sources,
  };
}

/** Rebuilds the pack a snapshot was taken of. Its rules already passed the regex guard when first loaded. */
export function restorePack(snapshot: PackSnapshot): CompiledPack {
  // Rules from packs that are not built in run their regexes on the linear-time engine here too.
  const linear = compilePack({ id: snapshot.id, version: snapshot.version, rules: snapshot.rules.filter((r) => r.linear).map((r) => r.source) }, snapshot.id, { guardRegexes: true });
  const full = compilePack({ id: snapshot.id, version: snapshot.version, rules: snapshot.rules.filter((r) => !r.linear).map((r) => r.source) }, snapshot.id);
  const problems = packErrors([...linear.problems, ...full.problems]);
  if (problems.length > 0) throw new Error(`rule pack snapshot did not compile: ${problems[0].message}`);
  const byId = new Map([...linear.pack.rules, ...full.pack.rules].map((r) => [r.id, r]));
  const compiled = { pack: { rules: snapshot.rules.map((r) => byId.get(r.source.id)!) } };
  const inForce = new Map(snapshot.rules.map((r) => [r.source.id, r]));
  return {
    ...emptyPack(snapshot.id),
    id: snapshot.id,
    version: snapshot.version,
    description: snapshot.description,
    publisher: snapshot.publisher,
    rules: compiled.pack.rules.map((rule) => ({ ...rule, severity: inForce.get(rule.id)!.severity, tip: inForce.get(rule.id)!.tip })),
    allow: {
      paths: [...snapshot.allow.paths],
      values: new Set(snapshot.allow.values),
      // A linear-time pattern (flag l) needs the engine turned on in this thread's process first.
      patterns: snapshot.allow.patterns.map((p) => (p.flags.includes('l') && !linearEngineAvailable() ? /$^/ : new RegExp(p.source, p.flags))),
    },
    contexts: { translation: [...snapshot.contexts.translation], nonProduction: [...snapshot.contexts.nonProduction], prose: [...snapshot.contexts.prose], browser: [...snapshot.contexts.browser] },
    policy: { ...snapshot.policy, unsuppressible: new Set(snapshot.policy.unsuppressible) },
    tips: snapshot.tips,
    houseRules: snapshot.houseRules,
    sources: snapshot.sources,
  };
}

/**
 * Changes whenever anything that can change a finding changes: rules, severities, allow lists,
 * policy. Rules' tips are left out: a tip is shown beside a rule's findings (hover, SARIF, the
 * tips panel), read from the pack in force, never stored in one; they are three quarters of the
 * snapshot (its JSON and hash were 5 ms of every scan's start, warm rescans included).
 */
export function packFingerprint(snapshot: PackSnapshot): string {
  let fingerprint = fingerprints.get(snapshot);
  if (!fingerprint) {
    const rules = snapshot.rules.map(({ source: { tip: _ruleTip, ...source }, tip: _tipInForce, ...rest }) => ({ ...rest, source }));
    fingerprint = createHash('sha256')
      .update(JSON.stringify({ ...snapshot, rules }))
      .digest('hex');
    fingerprints.set(snapshot, fingerprint);
  }
  return fingerprint;
}
