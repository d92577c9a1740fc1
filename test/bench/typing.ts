import { LspSession } from '../protocol/lspClient';

/**
 * Types into an open document as someone writing code: one character at the end of a line, `count`
 * times, spread over the file (syntax errors and all), each edit waiting for its diagnostics.
 * Returns the edit → diagnostics latencies in ms, sorted, and calls `after` after each edit.
 */
export async function typeInto(session: LspSession, uri: string, text: string, count: number, timeoutMs: number, after: () => void = () => undefined): Promise<number[]> {
  const lines = text.split('\n');
  const latencies: number[] = [];
  let previous = await session.waitForDiagnostics(uri, () => true, timeoutMs);
  for (let edit = 0; edit < count; edit++) {
    const line = (edit * 389) % lines.length;
    const character = lines[line].length;
    lines[line] += 'x';
    const started = performance.now();
    const next = session.waitForDiagnostics(uri, (p) => p !== previous, timeoutMs);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: edit + 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
    });
    previous = await next;
    latencies.push(performance.now() - started);
    after();
  }
  return latencies.sort((a, b) => a - b);
}

/** The `p` quantile of sorted values. */
export const quantile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
