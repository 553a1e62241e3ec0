/**
 * One-shot timers for moments this process knows are coming (a session's 5-minute mark and
 * end, a presence grace period). They only make things prompt: every such action is a
 * conditional update that the sweep job also performs, so a lost timer (restart) or a
 * duplicate one (another server) changes nothing.
 */
export class TimerSet {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  /** Runs `task` at `at` (or now, if past), replacing any timer under the same key. */
  at(key: string, at: Date, task: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.closed) return;
    this.cancel(key);
    // setTimeout's delay is capped at ~24.8 days; sessions are far shorter.
    const delay = Math.min(Math.max(0, at.getTime() - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      task().catch(onError);
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  size(): number {
    return this.timers.size;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
