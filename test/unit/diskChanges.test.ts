import assert from 'node:assert/strict';
import { FileChangeType } from 'vscode-languageserver/node';
import { DiskChanges, DiskChangesHost } from '../../server/src/lsp/diskChanges';

// When files change on disk outside the editor, the server scans the workspace again once the
// disk is quiet; changes arriving during that rescan get one more (it may have read their files
// before they changed). The protocol test (test/protocol/diskChanges.test.ts) drives the real server.

// Wide margins: a loaded machine may pause this process between two steps.
const QUIET = 200;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const event = (rel: string, type: FileChangeType = FileChangeType.Changed) => ({ uri: `file:///ws/${rel}`, type });

function host(overrides: Partial<DiskChangesHost> = {}): DiskChangesHost & { rescans: number; reports: string[]; finish: (tookMs?: number) => void } {
  let finish: (tookMs?: number) => void = () => undefined;
  const h = {
    rescans: 0,
    reports: [] as string[],
    finish: (tookMs = 10) => finish(tookMs),
    rootOf: (p: string) => (p.startsWith('/ws/') ? '/ws' : undefined),
    isOpen: () => false,
    isExcluded: async (_root: string, p: string) => p.includes('/node_modules/'),
    scansOn: () => true,
    rescan: () => {
      h.rescans++;
      return new Promise<number | undefined>((resolve) => {
        finish = resolve;
      });
    },
    report: (m: string) => {
      h.reports.push(m);
    },
    ...overrides,
  };
  return h;
}

describe('rescans after files change on disk', () => {
  it('one rescan for changes closer together than the quiet time, after it', async () => {
    const h = host();
    const disk = new DiskChanges(h, QUIET);
    for (let i = 0; i < 5; i++) {
      await disk.changed([event(`src/f${i}.ts`)]);
      await sleep(QUIET / 10);
    }
    assert.equal(h.rescans, 0, 'not while changes keep coming');
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1);
  });

  it('changes during a rescan get one more after it, not a second one beside it', async () => {
    const h = host();
    const disk = new DiskChanges(h, QUIET);
    await disk.changed([event('src/a.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1);
    await disk.changed([event('src/b.ts')]);
    await disk.changed([event('src/c.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1, 'the first is still running');
    h.finish();
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 2);
    h.finish();
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 2, 'nothing changed since');
  });

  it('waits at least twice as long as the last rescan took: a tool rewriting files without pause gets a third of a core', async () => {
    const h = host();
    const disk = new DiskChanges(h, QUIET);
    await disk.changed([event('src/a.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1);
    h.finish(1500);
    await sleep(QUIET / 2);
    await disk.changed([event('src/b.ts')]);
    await sleep(QUIET * 4);
    assert.equal(h.rescans, 1, 'not after the quiet time alone');
    await sleep(3000 - QUIET * 4 + QUIET * 2);
    assert.equal(h.rescans, 2, 'after twice the last rescan');
    disk.dispose();
  });

  it('counts that wait from the end of the last rescan: after a quiet spell a change waits the quiet time only', async () => {
    const h = host();
    const disk = new DiskChanges(h, QUIET);
    await disk.changed([event('src/a.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1);
    h.finish(1000);
    await sleep(2000 + QUIET);
    await disk.changed([event('src/b.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 2, 'twice the last rescan had passed already');
    disk.dispose();
  });

  it('ignores files outside the workspace, excluded ones and open documents; scans off, nothing', async () => {
    const h = host({ isOpen: (uri) => uri.endsWith('open.ts') });
    const disk = new DiskChanges(h, QUIET);
    await disk.changed([
      { uri: 'file:///elsewhere/x.ts', type: FileChangeType.Created },
      event('node_modules/dep/index.js', FileChangeType.Created),
      event('src/open.ts'),
      { uri: 'untitled:Untitled-1', type: FileChangeType.Changed },
    ]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 0);
    // An open document deleted on disk is a change of the workspace all the same.
    await disk.changed([event('src/open.ts', FileChangeType.Deleted)]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1);
    const off = host({ scansOn: () => false });
    await new DiskChanges(off, QUIET).changed([event('src/a.ts', FileChangeType.Created)]);
    await sleep(QUIET * 3);
    assert.equal(off.rescans, 0);
  });

  it('a file it cannot tell about is rescanned; a failed rescan is reported and the next still runs', async () => {
    const h = host({
      isExcluded: async () => {
        throw new Error('EACCES: .gitignore');
      },
    });
    let fail = true;
    const rescan = h.rescan;
    h.rescan = () => {
      if (fail) {
        fail = false;
        h.rescans++;
        return Promise.reject(new Error('disk gone'));
      }
      return rescan();
    };
    const disk = new DiskChanges(h, QUIET);
    await disk.changed([event('src/a.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 1);
    assert.deepEqual(h.reports, ['Vigil: rescan after files changed on disk failed: disk gone']);
    await disk.changed([event('src/a.ts')]);
    await sleep(QUIET * 3);
    assert.equal(h.rescans, 2);
    disk.dispose();
  });
});
