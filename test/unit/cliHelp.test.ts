import assert from 'node:assert/strict';
import { COMMAND_HELP } from '../../server/src/cli/help';
import { defaultThreads, SCAN_FLAGS } from '../../server/src/cli/scan';
import { vigil } from './support/runCli';

// The command line explains itself: every scan option is described, each command has its own help
// (`vigil scan --help`, `vigil help scan`), and `vigil explain` prints a rule's tip in the terminal.

describe('CLI help and explain', () => {
  it('describes every option scan accepts', () => {
    for (const flag of Object.keys(SCAN_FLAGS)) assert.match(COMMAND_HELP.scan, new RegExp(`--${flag}\\b`), `--${flag} is described`);
  });

  it('states the default thread counts scan uses', () => {
    const said = COMMAND_HELP.scan.replace(/\s+/g, ' ');
    assert.equal(defaultThreads(1).concurrency, 0);
    assert.match(said, /none on one core/);
    const n = (cores: number): string => (defaultThreads(cores).minFilesForWorkers ?? NaN).toLocaleString('en');
    assert.match(said, new RegExp(`on two cores from ${n(2)} files, on more from ${n(8)}\\)`));
  });

  it("prints the overview, and each command's own help either way", async () => {
    const overview = await vigil(['--help']);
    assert.equal(overview.code, 0);
    assert.match(overview.out, /^Usage: vigil <command>/);
    for (const command of Object.keys(COMMAND_HELP)) {
      const a = await vigil([command, '--help']);
      const b = await vigil(['help', command]);
      assert.equal(a.out, `${COMMAND_HELP[command]}\n`, command);
      assert.equal(b.out, a.out, command);
    }
  });

  it("explain prints a rule's tip as terminal text; an unknown id is a usage error with suggestions", async () => {
    const r = await vigil(['explain', 'crypto.weak-hash']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^crypto\.weak-hash · crypto · warning · confidence format · CWE-327/);
    assert.match(r.out, /\nMD5 \/ SHA-1 and other broken hashes\n─+\n/);
    assert.doesNotMatch(r.out, /\*\*|`|###/, 'markdown marks are dropped');
    const unknown = await vigil(['explain', 'weak-hash']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no rule or tip "weak-hash" .*did you mean crypto\.weak-hash/);
  });
});
