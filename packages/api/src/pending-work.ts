/**
 * Work that outlives the request that started it, such as a closing stream taking the
 * student off the room's presence under the room's lock. Shutdown drains it before closing
 * the database: a lock taken and never released would stall the room for a whole lease.
 */
export class PendingWork {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `task`, remembered until it settles. */
  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  /**
   * Waits for everything tracked, including work that starts while waiting (a socket closed
   * just now runs its streams' cleanup a tick later), up to `timeoutMs`. Says whether it all ended.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.running.size === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.allSettled([...this.running]), timeout]);
      clearTimeout(timer);
    }
  }
}
