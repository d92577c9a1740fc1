import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value of a background scan thread: after the editor's requests, before idle work. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's scheduling priority, so a language server's workspace scan gives
 * way to the editor on a busy machine (the server's own thread answers edits at normal priority).
 * Only where one thread has its own priority: on Linux, through the thread's id (read from
 * `/proc/thread-self`). Elsewhere priority belongs to the whole process, and lowering it would
 * slow the thread that answers edits too, so nothing is changed. Returns the thread id lowered, or
 * why not.
 */
export function lowerThreadPriority(): { tid: number } | { not: string } {
  if (process.platform !== 'linux') return { not: `thread priorities are per process on ${process.platform}` };
  let tid: number;
  try {
    // "<pid>/task/<tid>"
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch (err) {
    return { not: `no /proc/thread-self (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})` };
  }
  if (!Number.isInteger(tid) || tid <= 0) return { not: 'no thread id in /proc/thread-self' };
  try {
    // Already as low (the whole editor runs niced): raising it back would need privileges.
    if (getPriority(tid) < BACKGROUND_NICE) setPriority(tid, BACKGROUND_NICE);
  } catch (err) {
    return { not: `the priority could not be changed (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return { tid };
}
