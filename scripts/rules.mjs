#!/usr/bin/env node
// Assembles the built-in pack's core rules, rules/builtin.json, from the files a team lead reads
// and edits: rules/builtin/pack.json (contexts, policy, topic tips), one file of rules per topic
// (rules/builtin/secrets.json, transport.json, crypto.json) and each rule's training tip as
// Markdown (rules/tips/<rule-id>.md). The build runs it; the rule tests fail when the assembled
// file is stale.
//
//   node scripts/rules.mjs           write rules/builtin.json
//   node scripts/rules.mjs --check   exit 1 if rules/builtin.json is not what the parts make
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOPICS = ['secrets', 'transport', 'crypto'];

export function assembleBuiltin(dir = root) {
  const header = JSON.parse(readFileSync(path.join(dir, 'rules/builtin/pack.json'), 'utf8'));
  const tipsDir = path.join(dir, 'rules/tips');
  const tips = new Map(
    readdirSync(tipsDir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => [f.slice(0, -3), readFileSync(path.join(tipsDir, f), 'utf8').replace(/\n$/, '')]),
  );
  const rules = [];
  for (const topic of TOPICS) {
    for (const rule of JSON.parse(readFileSync(path.join(dir, `rules/builtin/${topic}.json`), 'utf8')).rules) {
      const tip = tips.get(rule.id);
      if (tip === undefined) throw new Error(`rules/builtin/${topic}.json: rule ${rule.id} has no tip: write rules/tips/${rule.id}.md`);
      tips.delete(rule.id);
      // The tip goes where the pack format has it (before the detector), so the file reads as before.
      const { detector, ...rest } = rule;
      rules.push({ ...rest, tip, detector });
    }
  }
  if (tips.size > 0) throw new Error(`rules/tips: no rule for ${[...tips.keys()].map((id) => `${id}.md`).join(', ')}`);
  const { tips: topicTips, ...head } = header;
  return JSON.stringify({ ...head, rules, ...(topicTips ? { tips: topicTips } : {}) }, null, 2) + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = path.join(root, 'rules/builtin.json');
  const text = assembleBuiltin();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== text) {
      console.error('rules/builtin.json is stale: run node scripts/rules.mjs (edit rules/builtin/*.json and rules/tips/*.md, not the assembled file)');
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
}
