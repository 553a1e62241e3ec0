/** The benchmark's command-line options: `--name=number` each. */
export interface Options {
  students: number;
  sessions: number;
  reads: number;
  readers: number;
  batch: number;
}

export function parseOptions(args: readonly string[]): Options {
  const options: Options = { students: 50_000, sessions: 1_000_000, reads: 300, readers: 100, batch: 5_000 };
  for (const arg of args) {
    const match = /^--(\w+)=(\d+)$/.exec(arg);
    const key = match?.[1] as keyof Options | undefined;
    if (!match || !key || !(key in options))
      throw new Error(`Unknown option ${arg} (known: ${Object.keys(options).join(', ')})`);
    options[key] = Number(match[2]);
  }
  return options;
}
