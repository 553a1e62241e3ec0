import type { ApiDeps } from '../deps';

/**
 * Work that must happen at a time rather than on a request: completing sessions, sending
 * reminders. Each run must be safe to repeat and to race with another server's run
 * (conditional updates), so catching up after downtime is just running it again.
 */
export interface Job {
  name: string;
  intervalMs(deps: ApiDeps): number;
  run(deps: ApiDeps): Promise<void>;
}

/** Runs each job at start-up and then on its interval, never overlapping with itself. */
export class JobRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: ApiDeps,
    private readonly jobs: readonly Job[],
  ) {}

  /** Resolves once every job has run once (the start-up catch-up). */
  async start(): Promise<void> {
    await Promise.all(this.jobs.map((job) => this.runNow(job.name)));
    for (const job of this.jobs) {
      const timer = setInterval(() => {
        this.runNow(job.name).catch((error: unknown) =>
          this.deps.logger.error({ err: error, job: job.name }, 'Job run failed; it runs again next interval'),
        );
      }, job.intervalMs(this.deps));
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs a job now, or joins the run already under way. */
  runNow(name: string): Promise<void> {
    const job = this.jobs.find((candidate) => candidate.name === name);
    if (!job || this.stopped) return Promise.resolve();
    const current = this.running.get(name);
    if (current) return current;
    const run = job
      .run(this.deps)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, job: name }, 'Job failed; it runs again next interval'),
      )
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running.values());
  }
}
