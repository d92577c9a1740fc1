// What `vigil --help`, `vigil <command> --help` and `vigil help <command>` print: one place for
// the command line's documentation, every option described.

const SCAN = `vigil scan [paths...] [options]

Scans files and folders (default: the current folder) for hardcoded secrets, unencrypted transport
and weak cryptography, with the packs (built-in, .vigil/pack.json, --pack), suppressions and
baseline (.vigil/baseline.json) of the Vigil VS Code extension.

Output
  --format text|json|sarif   text for people (default), the JSON contract, or SARIF 2.1.0
  --output FILE              write the report to FILE instead of stdout
  --report FILE.html         also write a self-contained HTML report
  --show-suppressed          list suppressed findings (the audit: who, why, until when)
  --verbose                  text: each finding's notes (confidence, why its severity changed)
                             and every skipped file with its reason
  --fail-on LEVEL            error|warning|info|never: exit 1 at or above it (default: the
                             pack's policy.failOn, else warning)

Rules
  --pack REF                 add a pack: a path, an npm package, or https://...#sha256=<pin>
                             (repeatable)
  --trusted-key KEY          require packs signed by this Ed25519 public key (repeatable)
  --baseline FILE            accepted findings (default .vigil/baseline.json when present)
  --no-baseline              ignore the baseline
  --non-production MODE      findings in tests, fixtures, examples, docs: lower (one severity
                             down, default), hide, or same

What to scan
  --changed[=REF]            findings on lines changed since REF (default HEAD), plus untracked
                             files
  --staged                   what the next commit holds (the index, not the files on disk):
                             findings on the lines it adds; what the pre-commit hook runs.
                             Both see the changes under the current folder only
  --history                  every secret the selected commits added, with commit, author, date
                             and whether HEAD still holds it
    --since DATE / --until DATE   commits by date
    --author PATTERN              commits by author (git's --author)
    --range A..B                  a revision range (default HEAD)
    --all-branches                every branch and tag
  --pre-push[=REMOTE]        the commits a push sends (git's ref lines on stdin): what the
                             pre-push hook runs

Speed
  --concurrency N|auto|off   worker threads (default auto: none on one core; on two cores from
                             6,000 files, on more from 4,000)
  --cache-dir DIR            keep results of unchanged files in DIR (default ~/.cache/vigil)
  --no-cache                 analyse every file and keep no results (the compiler's bytecode cache stays)

Text output is grouped by file and coloured on a terminal only: never in a pipe, a file or CI
(CI set); NO_COLOR=1 turns colour off, FORCE_COLOR=1 turns it on anywhere (FORCE_COLOR=0 off). On
a terminal, long scans show their progress on stderr.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or configuration
error (one line on stderr; the scan still runs with what loaded).`;

const BASELINE = `vigil baseline create|update [paths...] [--output FILE] [--pack REF]...

Accepts today's findings so that CI fails only on new ones: writes their fingerprints (never the
values) to .vigil/baseline.json (or FILE). Findings of rules the team pack marks unsuppressible are
never accepted.`;

const PACK = `vigil pack init [--output FILE]
vigil pack test PACK [--list]
vigil pack sign PACK --key KEY.pem
vigil pack verify PACK --pub KEY.pub.pem
vigil pack keygen [--out NAME] [--force]

init writes a starter team pack; test loads a pack exactly as scan does, runs every rule's own
examples, prints the problems scan would report, with their lines, and the rules in force with
the pack (the ones it adds or overrides; --list: all of them); sign, verify and keygen
handle Ed25519 signatures (pack.json.sig) for --trusted-key and vigil.trustedPublicKeys.`;

const REPORT = `vigil report leaks [--author PATTERN] [--since DATE] [--until DATE]
                   [--range A..B | --all-branches] [--output FILE.html|.md|.json] [--pack REF]...

For offboarding or an incident: every secret the selected people added or could have seen (it was
in a file one of their commits changed), grouped by provider with the rotation steps and the page
where it is revoked, most certain first, with whether HEAD still holds it. Markdown on stdout, or
HTML, Markdown or JSON with --output. Exit 1 when there is something to rotate.`;

const INSTALL_HOOK = `vigil install-hook [--pre-push]

Adds a check to the repository's pre-commit hook (vigil scan --staged --fail-on error), or with
--pre-push to its pre-push hook (vigil scan --pre-push). An existing shell hook is kept and the
check runs first; core.hooksPath and husky are followed; lefthook, the pre-commit framework and
hooks in other languages are left untouched, with the lines to add printed. Without the CLI the
hook warns, or blocks when the team pack's policy.hookWithoutCli is "block".`;

const EXPLAIN = `vigil explain RULE-ID

Prints a rule's training tip (what is wrong, why it matters, how to fix it) as the packs in force
define it: the same text as the editor's tips panel.`;

export const COMMAND_HELP: Record<string, string> = {
  scan: SCAN,
  baseline: BASELINE,
  pack: PACK,
  report: REPORT,
  'install-hook': INSTALL_HOOK,
  explain: EXPLAIN,
};

export const USAGE = `Usage: vigil <command> [options]     (vigil <command> --help, or vigil help <command>)

Commands
  scan [paths...]            find hardcoded secrets, unencrypted transport and weak cryptography
  report leaks               what the selected people added or could have seen: what to rotate
  explain RULE-ID            a rule's training tip
  baseline create|update     accept today's findings so CI fails only on new ones
  pack init|test|sign|verify|keygen   write, test and sign team rule packs
  install-hook [--pre-push]  check every commit (or push) with vigil scan
  --version                  print the version

${SCAN}`;
