import assert from 'node:assert/strict';
import { parseFlags } from '../../server/src/cli/args';
import { SCAN_FLAGS } from '../../server/src/cli/scan';
import { freshRepos } from './support/gitRepo';
import { vigil } from './support/runCli';

// The CLI reads its options with node's util.parseArgs (cli/args.ts). A mistake in them is one
// line on stderr that names the option, and exit code 2; `--changed` takes its ref only as
// `--changed=REF`, alone it compares with HEAD.

describe('CLI options (util.parseArgs)', () => {
  it('reads --flag value, --flag=value, repeated flags, booleans and positionals in order', () => {
    const args = parseFlags(['src', '--format', 'json', '--pack=a.json', '--pack', 'b.json', '--no-cache', '--output=', '-', 'lib'], SCAN_FLAGS);
    assert.deepEqual(args.positional, ['src', '-', 'lib']);
    assert.deepEqual(
      [...args.values],
      [
        ['format', ['json']],
        ['pack', ['a.json', 'b.json']],
        ['no-cache', ['true']],
        ['output', ['']],
      ],
    );
  });

  it('--changed alone is the default (empty: HEAD), --changed=REF names the ref, --changed REF leaves REF a path', () => {
    assert.deepEqual(parseFlags(['--changed'], SCAN_FLAGS).values.get('changed'), ['']);
    assert.deepEqual(parseFlags(['--changed=main~2'], SCAN_FLAGS).values.get('changed'), ['main~2']);
    const spaced = parseFlags(['--changed', 'src', '--pre-push'], SCAN_FLAGS);
    assert.deepEqual(spaced.values.get('changed'), ['']);
    assert.deepEqual(spaced.values.get('pre-push'), ['']);
    assert.deepEqual(spaced.positional, ['src']);
  });

  const usage: Array<[string, string[], string]> = [
    ['an unknown option', ['scan', '--nope'], 'unknown option --nope'],
    ['an unknown option with a value', ['scan', '--nope=3', 'src'], 'unknown option --nope'],
    ['a short option', ['scan', '-x'], 'unknown option -x'],
    ['grouped short options', ['scan', '-abc'], 'unknown option -abc'],
    ['the option terminator (no command takes paths that start with a dash)', ['scan', '--', 'src'], 'unknown option --'],
    ['an unknown option of another command', ['baseline', 'create', '--format', 'json'], 'unknown option --format'],
    ['a missing value at the end', ['scan', '--format'], '--format needs a value'],
    ['a missing value before the next flag', ['scan', '--output', '--format', 'json'], '--output needs a value'],
    ['a missing value of a repeatable flag', ['scan', '--pack'], '--pack needs a value'],
    ['a value for a flag that takes none', ['scan', '--staged=yes'], '--staged takes no value'],
    ['a flag given twice', ['scan', '--format', 'json', '--format=text'], '--format given twice'],
    ['a bad value', ['scan', '--format', 'xml'], '--format must be text, json, sarif (got "xml")'],
  ];
  for (const [what, argv, message] of usage) {
    it(`${what}: one line naming it, exit 2`, async () => {
      const r = await vigil(argv);
      assert.equal(r.code, 2, r.err);
      assert.equal(r.err, `vigil: ${message}\n`);
      assert.equal(r.out, '');
    });
  }

  describe('--changed with and without =REF', () => {
    const { fresh } = freshRepos();

    it('alone: lines changed against HEAD; =REF: against REF; a ref after a space is a path', async () => {
      const { dir, git, write } = fresh();
      write('src/app.ts', 'export const a = 1;\n');
      git('add', '-A');
      git('commit', '-qm', 'one', '--no-verify');
      write('src/app.ts', "export const a = 1;\nexport const h = crypto.createHash('md5');\n");
      git('commit', '-qam', 'two', '--no-verify');
      write('src/app.ts', "export const a = 1;\nexport const h = crypto.createHash('md5');\nexport const u = fetch('http://api.acme-corp.io');\n");
      const found = async (...flags: string[]): Promise<string[]> => {
        const r = await vigil(['scan', ...flags, '--format', 'json', '--no-cache'], dir);
        assert.equal(r.code, 1, r.err);
        return JSON.parse(r.out)
          .findings.map((f: { line: number; ruleId: string }) => `${f.line} ${f.ruleId}`)
          .sort();
      };
      assert.deepEqual(await found('--changed'), ['3 transport.insecure-url']);
      assert.deepEqual(await found('--changed=HEAD'), ['3 transport.insecure-url']);
      assert.deepEqual(await found('--changed=HEAD~1'), ['2 crypto.weak-hash', '3 transport.insecure-url']);
      const spaced = await vigil(['scan', '--changed', 'HEAD~1'], dir);
      assert.equal(spaced.code, 2);
      assert.equal(spaced.err, 'vigil: no such file or folder: HEAD~1\n');
      const bad = await vigil(['scan', '--changed=no-such-ref'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /^vigil: --changed needs a git repository and a valid ref \(no-such-ref\)/);
    });
  });
});
