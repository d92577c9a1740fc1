#!/usr/bin/env node
// Makes the field benchmark's checkouts: DIR/<id> for every repository of manifest.json, at its
// pinned commit, as a git work tree (Vigil's git-aware reach needs the index).
//
//   node test/field/checkout.mjs DIR [--from MIRRORS]
//
// --from: a folder of local clones named <owner>+<name> (a bare git directory, or one holding
// `repo/`); without it, or where a repository is missing there, it is cloned from GitHub.
// Blobs a partial clone lacks (very large files) are left out and counted, not fatal: the work
// tree is written from the commit's tree blob by blob, not with `git checkout`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, symlinkSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--from');
const fromIdx = args.indexOf('--from');
const from = fromIdx >= 0 ? resolve(args[fromIdx + 1]) : undefined;
if (!dir) {
  console.error('usage: node test/field/checkout.mjs DIR [--from MIRRORS]');
  process.exit(2);
}

const git = (cwd, ...a) => execFileSync('git', a, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });

function source(repo) {
  if (from) {
    const base = join(from, repo.replace('/', '+'));
    for (const c of [join(base, 'repo'), base]) if (existsSync(join(c, 'HEAD')) || existsSync(join(c, '.git'))) return c;
  }
  return `https://github.com/${repo}.git`;
}

for (const r of manifest.repositories) {
  const dest = resolve(dir, r.id);
  if (existsSync(join(dest, '.git')) && git(dest, 'rev-parse', 'HEAD').trim() === r.commit) {
    console.log(`${r.id}: already at ${r.commit.slice(0, 10)}`);
    continue;
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  git(dest, 'init', '-q');
  const src = source(r.repo);
  if (src.startsWith('https://')) git(dest, 'fetch', '-q', '--depth', '1', src, r.commit);
  else {
    // A local clone lends its objects (no copy, and no repack that a partial clone would fail).
    const objects = existsSync(join(src, 'objects')) ? join(src, 'objects') : join(src, '.git', 'objects');
    writeFileSync(join(dest, '.git', 'objects', 'info', 'alternates'), objects + '\n');
  }
  git(dest, 'update-ref', 'HEAD', r.commit);
  git(dest, 'read-tree', r.commit);
  const entries = git(dest, 'ls-tree', '-r', '-z', '--full-tree', r.commit).split('\0').filter(Boolean);
  let written = 0;
  const missing = [];
  for (const e of entries) {
    const tab = e.indexOf('\t');
    const [mode, type, oid] = e.slice(0, tab).split(' ');
    const path = e.slice(tab + 1);
    if (type !== 'blob') continue; // submodules are not part of the benchmark
    const out = spawnSync('git', ['cat-file', 'blob', oid], { cwd: dest, maxBuffer: 1 << 30 });
    if (out.status !== 0) {
      missing.push(path);
      continue;
    }
    const file = join(dest, path);
    mkdirSync(dirname(file), { recursive: true });
    if (mode === '120000') {
      try {
        symlinkSync(out.stdout.toString(), file);
      } catch {
        missing.push(path);
        continue;
      }
    } else writeFileSync(file, out.stdout, { mode: mode === '100755' ? 0o755 : 0o644 });
    written++;
  }
  // Refresh the index's stat data so `git status` sees the written files as unchanged.
  spawnSync('git', ['update-index', '-q', '--refresh'], { cwd: dest });
  console.log(`${r.id}: ${written} files at ${r.commit.slice(0, 10)}${missing.length ? `, ${missing.length} blobs not in the clone (left out)` : ''}`);
}
