import type { EnginePack, EngineRule } from './model';

// Which rules a file needs, decided once per file instead of once per rule: one pass of the
// keyword prefilter, then the rules behind the keywords found (plus those without keywords), in
// pack order, each include/exclude scope matched against the path once.

type RuleSelector = (path: string, lowerText: string) => EngineRule[];

const selectors = new WeakMap<EnginePack, RuleSelector>();

export function rulesFor(pack: EnginePack, path: string, lowerText: string): EngineRule[] {
  let select = selectors.get(pack);
  if (!select) {
    select = ruleSelector(pack.rules);
    selectors.set(pack, select);
  }
  return select(path, lowerText);
}

function ruleSelector(rules: EngineRule[]): RuleSelector {
  const scan = keywordScanner(rules);
  const byKeyword = new Map<string, number[]>();
  const always: number[] = [];
  rules.forEach((rule, i) => {
    if (rule.keywords.length === 0) always.push(i);
    for (const k of rule.keywords) byKeyword.set(k, [...(byKeyword.get(k) ?? []), i]);
  });
  const wanted = new Uint8Array(rules.length);
  return (path, lowerText) => {
    wanted.fill(0);
    for (const i of always) wanted[i] = 1;
    for (const k of scan(lowerText)) for (const i of byKeyword.get(k) ?? []) wanted[i] = 1;
    const inScope = new Map<string, boolean>();
    const picked: EngineRule[] = [];
    for (let i = 0; i < rules.length; i++) {
      if (wanted[i] === 0) continue;
      const rule = rules[i];
      if (rule.scope === '') {
        picked.push(rule);
        continue;
      }
      let applies = inScope.get(rule.scope);
      if (applies === undefined) {
        applies = rule.appliesTo(path);
        inScope.set(rule.scope, applies);
      }
      if (applies) picked.push(rule);
    }
    return picked;
  };
}

/**
 * The prefilter: one pass over the lower-cased text finds which rule keywords occur, instead of
 * one `includes` per keyword per file. Each position is checked against the keywords that start
 * with the same three characters (a bitmap of three-character hashes skips most positions at the
 * cost of a few integer operations), and only when its fourth character can follow them (`const`
 * is not looked at for `confirmation_code`); keywords shorter than three characters are searched
 * for directly. A bucket whose keywords have all been found is closed for the rest of the file,
 * so common starts (`key`, `pat`, `sql`) cost one check per file, not one per occurrence.
 */
export function keywordScanner(rules: EngineRule[]): (lowerText: string) => Set<string> {
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))].filter((k) => k.length > 0);
  const short = keywords.filter((k) => k.length < 3);
  // Keywords by the hash of their first three characters; a position's candidates are its bucket.
  // (`possible` holds 1 + the bucket's index, 0 for none: a typed array, not a sparse 65,536-slot array.)
  const buckets: string[][] = [];
  const possible = new Uint16Array(1 << 16);
  for (const k of keywords) {
    if (k.length < 3) continue;
    const hash = trigramHash(k.charCodeAt(0), k.charCodeAt(1), k.charCodeAt(2));
    if (possible[hash] === 0) possible[hash] = buckets.push([]);
    buckets[possible[hash] - 1].push(k);
  }
  // Per bucket, 128 bits: which fourth characters (code & 127) can follow; a three-character keyword allows any.
  const fourth = new Uint32Array(4 * (buckets.length + 1));
  buckets.forEach((bucket, i) => {
    for (const k of bucket) {
      if (k.length === 3) fourth.fill(0xffffffff, 4 * (i + 1), 4 * (i + 2));
      else fourth[4 * (i + 1) + ((k.charCodeAt(3) & 127) >> 5)] |= 1 << (k.charCodeAt(3) & 31);
    }
  });
  // A bucket is closed for the file scanned when it holds that file's number.
  const closed = new Uint32Array(buckets.length + 1);
  let file = 0;
  return (lowerText) => {
    const found = new Set<string>();
    for (const k of short) if (lowerText.includes(k)) found.add(k);
    file = file === 0xffffffff ? 1 : file + 1;
    if (file === 1) closed.fill(0);
    let c1 = lowerText.charCodeAt(0);
    let c2 = lowerText.charCodeAt(1);
    for (let i = 0; i + 2 < lowerText.length; i++) {
      const c0 = c1;
      c1 = c2;
      c2 = lowerText.charCodeAt(i + 2);
      const bucket = possible[trigramHash(c0, c1, c2)];
      if (bucket === 0 || closed[bucket] === file) continue;
      const c3 = i + 3 < lowerText.length ? lowerText.charCodeAt(i + 3) & 127 : 0;
      if ((fourth[4 * bucket + (c3 >> 5)] & (1 << (c3 & 31))) === 0) continue;
      let pending = 0;
      for (const k of buckets[bucket - 1]) {
        if (found.has(k)) continue;
        if (lowerText.startsWith(k, i)) found.add(k);
        else pending++;
      }
      // Every keyword in this bucket found: later positions with this hash need no check.
      if (pending === 0) closed[bucket] = file;
    }
    return found;
  };
}

function trigramHash(a: number, b: number, c: number): number {
  return ((a * 961 + b * 31 + c) ^ (a << 7)) & 0xffff;
}
