import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export type BlobRead = { data: Buffer } | { skipped: string };

interface Pending {
  maxBytes: number;
  resolve(read: BlobRead): void;
}

/**
 * Reads blobs by id through one `git cat-file --batch` process: requests are pipelined (git answers
 * in order), so reading thousands of blobs costs one process, not one per blob. A blob over
 * `maxBytes` is read past, never held in memory.
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The blob being received: bytes still expected (content plus the trailing newline). */
  private body: { remaining: number; skip?: string } | undefined;
  private failure: string | undefined;

  constructor(cwd: string) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    this.child.on('error', (err) => this.fail(`cannot run git: ${err.message}`));
    this.child.on('close', () => this.fail(stderr.trim().split('\n')[0] || 'git cat-file stopped'));
    this.child.stdin.on('error', () => undefined); // reported through 'close'
  }

  read(blob: string, maxBytes: number): Promise<BlobRead> {
    if (this.failure) return Promise.resolve({ skipped: `cannot read from git: ${this.failure}` });
    return new Promise((resolve) => {
      this.queue.push({ maxBytes, resolve });
      this.child.stdin.write(`${blob}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }

  private fail(message: string): void {
    this.failure ??= message;
    for (const p of this.queue.splice(0)) p.resolve({ skipped: `cannot read from git: ${this.failure}` });
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      const body = this.body;
      if (body) {
        if (body.skip !== undefined) {
          // Not kept (too large, not a blob): drop what arrived, count it.
          body.remaining -= this.take(Math.min(this.buffered, body.remaining)).length;
          if (body.remaining > 0) return;
          this.queue.shift()?.resolve({ skipped: body.skip });
        } else {
          if (this.buffered < body.remaining) return;
          const data = Buffer.from(this.take(body.remaining).subarray(0, body.remaining - 1));
          this.queue.shift()?.resolve({ data });
        }
        this.body = undefined;
        continue;
      }
      const eol = this.buffered === 0 ? -1 : this.join().indexOf(10);
      if (eol < 0) return;
      const header = this.take(eol + 1)
        .subarray(0, eol)
        .toString('utf8');
      const m = /^\S+ (\S+) (\d+)$/.exec(header);
      if (!m) {
        this.queue.shift()?.resolve({ skipped: header.endsWith(' missing') ? 'not in the repository' : 'unexpected answer from git' });
        continue;
      }
      const size = Number(m[2]);
      const maxBytes = this.queue[0]?.maxBytes ?? 0;
      const skip = m[1] !== 'blob' ? `not a file (${m[1]})` : size > maxBytes ? `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` : undefined;
      this.body = { remaining: size + 1, skip };
    }
  }

  private join(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  /** Removes and returns the first `n` buffered bytes. */
  private take(n: number): Buffer {
    const joined = this.join();
    const head = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }
}
