// What the command line may do with the terminal it runs in: colour on stdout, a progress line on
// stderr. Decided once, in the real process (cli.ts); tests and library callers get neither.

export interface Terminal {
  /** ANSI colours in the text report on stdout. */
  color: boolean;
  /** A progress line, redrawn in place, on stderr. */
  progress: boolean;
}

export const PLAIN: Terminal = { color: false, progress: false };

/**
 * The usual conventions: colour only on a terminal (never in a pipe, a file or a CI log), never
 * with `NO_COLOR` set to anything but the empty string (no-color.org) or on a `dumb` terminal;
 * `FORCE_COLOR` wins over all of these (as in Node and chalk), except `FORCE_COLOR=0` or `false`,
 * which turns colour off. Progress needs stderr to be a terminal that can erase a line.
 */
export function detectTerminal(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean | undefined, stderrIsTTY: boolean | undefined): Terminal {
  const dumb = env.TERM === 'dumb';
  const ci = Boolean(env.CI) && env.CI !== 'false';
  const force = env.FORCE_COLOR;
  let color: boolean;
  if (force !== undefined) color = force !== '0' && force.toLowerCase() !== 'false';
  else color = Boolean(stdoutIsTTY) && !env.NO_COLOR && !dumb && !ci;
  return { color, progress: Boolean(stderrIsTTY) && !dumb && !ci };
}

/** Redraws at most this often: a scan of small files completes hundreds of files between two frames. */
const FRAME_MS = 100;
/** Quick scans show nothing: the line would only flash. */
const QUIET_MS = 400;

export interface ProgressLine {
  /** Called after each file: cheap unless a frame is due. */
  update(done: number, total: number): void;
  /** Erases the line, if one was drawn. */
  clear(): void;
}

/** `vigil: 340/1,200 files · about 12 s left`, on one line of stderr, redrawn in place. */
export function progressLine(write: (s: string) => void, unit = 'files', now: () => number = Date.now): ProgressLine {
  const start = now();
  let last = 0;
  let drawn = false;
  // The estimate starts at the first file done, so the time spent finding files does not count.
  let first: { at: number; done: number } | undefined;
  return {
    update(done, total) {
      const t = now();
      first ??= { at: t, done };
      if (t - start < QUIET_MS || t - last < FRAME_MS || done >= total) return;
      last = t;
      const rate = (done - first.done) / (t - first.at);
      const left = rate > 0 && t - first.at >= 1000 ? ` · about ${duration((total - done) / rate)} left` : '';
      write(`\r\x1b[Kvigil: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}${left}`);
      drawn = true;
    },
    clear() {
      if (drawn) write('\r\x1b[K');
      drawn = false;
    },
  };
}

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
