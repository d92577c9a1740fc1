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
