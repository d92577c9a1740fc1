import assert from 'node:assert/strict';
import { categoryOf, countFindings, FindingRow, findingsList, shortPath, sortFindings, statusView, teamPacks } from '../../client/src/findingsFormat';

// The status bar's text and findings list (client/src/findingsFormat.ts, no vscode import): scan
// state, findings by category and the team pack; a list sorted by severity with file:line first.

const row = (ruleId: string, severity: 0 | 1 | 2, path: string, line: number): FindingRow => ({ ruleId, severity, path, line, message: `${ruleId} message` });

describe('status bar and findings list formatting', () => {
  it('sorts the categories by rule id', () => {
    assert.equal(categoryOf('secret.aws-access-key'), 'secrets');
    assert.equal(categoryOf('transport.insecure-url'), 'transport');
    assert.equal(categoryOf('crypto.weak-hash'), 'crypto');
    assert.equal(categoryOf('vigil.suppression'), 'other');
  });

  it('shows the scan state, the findings by category and the team pack', () => {
    const counts = countFindings([row('secret.x', 0, 'a.ts', 1), row('secret.y', 0, 'a.ts', 2), row('transport.z', 1, 'b.ts', 1), row('crypto.w', 1, 'c.ts', 1)]);
    const idle = statusView(counts, { scanning: false, last: { files: 800, findings: 4, cancelled: false } }, ['acme-security@1.2.0']);
    assert.equal(idle.text, '$(shield) Vigil: 2 secrets, 1 transport, 1 crypto');
    assert.match(idle.tooltip, /Vigil is idle\. Last workspace scan: 4 findings in 800 files\./);
    assert.match(idle.tooltip, /4 findings: 2 secrets, 1 transport, 1 crypto \(2 errors, 2 warnings, 0 info\)/);
    assert.match(idle.tooltip, /Team pack in force: acme-security@1\.2\.0\./);
    const scanning = statusView(counts, { scanning: true, done: 120, total: 800 }, []);
    assert.equal(scanning.text, '$(sync~spin) Vigil: scanning 120/800');
    assert.match(scanning.tooltip, /scanning the workspace: 120 of 800 files/);
    assert.match(scanning.tooltip, /built-in rules only/);
    assert.equal(statusView(countFindings([]), { scanning: true }, undefined).text, '$(sync~spin) Vigil: scanning…');
    assert.equal(statusView(countFindings([]), { scanning: false }, []).text, '$(shield) Vigil: no findings');
    assert.equal(statusView(countFindings([row('secret.x', 0, 'a.ts', 1)]), { scanning: false }, []).text, '$(shield) Vigil: 1 secret');
  });

  it('names only the team packs, not the built-in rules', () => {
    assert.deepEqual(
      teamPacks([
        { id: 'vigil-builtin', version: '0.1.0' },
        { id: 'acme', version: '2.0.0' },
      ]),
      ['acme@2.0.0'],
    );
  });

  it('shortens a long path from the left and keeps the file name whole', () => {
    assert.equal(shortPath('src/app.ts'), 'src/app.ts');
    const short = shortPath('packages/server/src/modules/payments/providers/stripe/client.ts', 30);
    assert.ok(short.startsWith('…/') && short.endsWith('stripe/client.ts'), short);
    assert.ok(short.length <= 30, short);
    assert.equal(shortPath('a/b/a-very-long-file-name-that-does-not-fit-anywhere.ts', 20), '…/a-very-long-file-name-that-does-not-fit-anywhere.ts');
  });

  it('lists hundreds of findings most severe first, with file:line at the start of each row', () => {
    const rows: FindingRow[] = [];
    for (let i = 0; i < 700; i++)
      rows.push(row(['crypto.weak-hash', 'transport.insecure-url', 'secret.generic'][i % 3], (i % 3) as 0 | 1 | 2, `deep/folder/number/${i % 17}/file${i % 5}.ts`, (i % 90) + 1));
    const sorted = sortFindings(rows);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1].severity <= sorted[i].severity);
    const list = findingsList(rows);
    const headings = list.filter((i) => i.separator).map((i) => i.separator);
    assert.deepEqual(headings, ['Errors (234)', 'Warnings (233)', 'Information (233)']);
    const first = list[1];
    assert.match(first.label, /^\$\(error\) .*file\d\.ts:\d+$/);
    assert.equal(first.description, first.finding?.ruleId);
    assert.equal(first.detail, first.finding?.message);
    // Within a severity: by file, then line.
    const errors = list.filter((i) => i.finding?.severity === 0).map((i) => i.finding!);
    for (let k = 1; k < errors.length; k++) assert.ok(errors[k - 1].path < errors[k].path || (errors[k - 1].path === errors[k].path && errors[k - 1].line <= errors[k].line));
  });
});
