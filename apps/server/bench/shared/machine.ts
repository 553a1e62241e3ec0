import { cpus, loadavg } from 'node:os';

/** "2 CPUs, load average before 1.20 0.90 0.80, after …": what every figure is read against. */
export function machineLine(loadBefore: readonly number[]): string {
  const format = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' ');
  return `${cpus().length} CPUs, load average before ${format(loadBefore)}, after ${format(loadavg())}`;
}
