// The first minute in an editor, measured through the real server over stdio: how many workspace
// scans start, when the first finding reaches the client, when the last one does and when the
// scan ends. Sends what vscode-languageclient sends at start (two didChangeConfiguration).
//   npx tsx test/bench/firstMinute.ts <workspace> [server.js, default dist/server.js]
import { pathToFileURL } from 'node:url';
import { LspSession } from '../protocol/lspClient';

const [root, server] = process.argv.slice(2);
if (!root) {
  console.error('usage: tsx test/bench/firstMinute.ts <workspace> [server.js]');
  process.exit(2);
}

(async () => {
  // Another server bundle (an older build, to compare): run it instead of dist/server.js.
  const lsp = new LspSession(server ? { execArgv: [server] } : {});
  const t0 = Date.now();
  await lsp.initialize(pathToFileURL(root).toString(), true);
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  // Done when every progress that began has ended and nothing new began for 3 s.
  const deadline = Date.now() + 600_000;
  let settledSince = 0;
  while (Date.now() < deadline) {
    const begins = lsp.progress.filter((p) => p.kind === 'begin').length;
    const ends = lsp.progress.filter((p) => p.kind === 'end').length;
    if (begins > 0 && begins === ends) {
      settledSince ||= Date.now();
      if (Date.now() - settledSince > 3000) break;
    } else settledSince = 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const findings = lsp.timeline.filter((e) => e.method === 'textDocument/publishDiagnostics' && (e.count ?? 0) > 0);
  const ends = lsp.timeline.filter((e) => e.method === '$/progress' && e.kind === 'end');
  console.log(
    JSON.stringify(
      {
        scanStarts: lsp.progress.filter((p) => p.kind === 'begin').length,
        firstFindingMs: findings.length > 0 ? findings[0].at - t0 : null,
        lastFindingMs: findings.length > 0 ? findings[findings.length - 1].at - t0 : null,
        scanEndMs: ends.length > 0 ? ends[ends.length - 1].at - t0 : null,
        filesWithFindings: new Set(findings.map((d) => d.uri)).size,
        scans: lsp.logs.filter((l) => /workspace scan:/.test(l)),
      },
      null,
      2,
    ),
  );
  await lsp.dispose();
  process.exit(0);
})();
