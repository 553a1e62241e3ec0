import { parseNumberOptions } from '../shared/options';
/** The benchmark's command-line options: `--name=number` each. */
export interface Options {
  students: number;
  sessions: number;
  reads: number;
  readers: number;
  batch: number;
}

export function parseOptions(args: readonly string[]): Options {
  return parseNumberOptions<Options>(args, {
    students: 50_000,
    sessions: 1_000_000,
    reads: 300,
    readers: 100,
    batch: 5_000,
  });
}
