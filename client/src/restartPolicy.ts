/**
 * When the language server dies: restart it at once the first time, then wait longer after each
 * crash (1 s, 2 s, 4 s…), and after `maxRestarts` crashes within `windowMs` stop restarting, so a
 * server that crashes on every start does not spin. A manual restart starts afresh.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash: milliseconds to wait before restarting, or undefined to stay stopped. */
  afterCrash(): number | undefined {
    const now = this.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.windowMs), now];
    const n = this.crashes.length;
    if (n > this.maxRestarts) return undefined;
    return n === 1 ? 0 : 1000 * 2 ** (n - 2);
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes = [];
  }
}
