import { median } from './process-stats';
import { machineLine } from '../shared/machine';
import type { Target } from './targets';

/** One target's figures in one round. */
export interface Round {
  deliveriesPerSecond: number;
  cpuPerDelivery: number;
  /** Messages a second of the latency phase. */
  rate: number;
  p50: number;
  p99: number;
  lost: number;
  refused: number;
}

export interface ReportOptions {
  students: number;
  rounds: number;
  window: number;
  perStudent: number;
  /** How the latency phase's rate was chosen, for the headings. */
  rateLabel: string;
}

/** The figures as a Markdown table, medians over the rounds, with the machine's load. */
export function printTable(
  targets: readonly Target[],
  rounds: Map<string, Round[]>,
  /** Memory per connection (bytes) and idle CPU (% of a core, `database` too) by target name. */
  { memory, idle }: { memory: Map<string, number>; idle: Map<string, number> },
  options: ReportOptions,
  loadBefore: number[],
  engine: string,
): void {
  const of = (target: Target, pick: (round: Round) => number) => median((rounds.get(target.name) ?? []).map(pick));
  const sum = (target: Target, pick: (round: Round) => number) =>
    (rounds.get(target.name) ?? []).reduce((total, round) => total + pick(round), 0);
  const raw = targets.find((target) => target.name === 'bare ws');
  const rawRate = raw ? of(raw, (round) => round.deliveriesPerSecond) : NaN;
  const floor = targets.find((target) => target.name.startsWith('persisted limit'));
  const floorRate = floor ? of(floor, (round) => round.deliveriesPerSecond) : NaN;
  const n = options.students;
  const rows: [string, (target: Target) => string][] = [
    ['deliveries/s at saturation', (t) => Math.round(of(t, (r) => r.deliveriesPerSecond)).toLocaleString('en')],
    ['ratio to bare ws', (t) => (of(t, (r) => r.deliveriesPerSecond) / rawRate).toFixed(3)],
    ['ratio to the persisted limit', (t) => (of(t, (r) => r.deliveriesPerSecond) / floorRate).toFixed(3)],
    ['server CPU µs per delivery', (t) => of(t, (r) => r.cpuPerDelivery).toFixed(0)],
    [`server memory per connection, ${n} students`, (t) => `${((memory.get(t.name) ?? 0) / 1024).toFixed(1)} KiB`],
    [
      'idle CPU, every stream open (% of a core)',
      (t) => (idle.has(t.name) ? (idle.get(t.name) ?? 0).toFixed(1) : 'n/a'),
    ],
    [`latency phase rate (${options.rateLabel})`, (t) => `${of(t, (r) => r.rate).toFixed(0)} msg/s`],
    ['latency p50', (t) => `${of(t, (r) => r.p50).toFixed(1)} ms`],
    ['latency p99', (t) => `${of(t, (r) => r.p99).toFixed(1)} ms`],
    [`time to connect every student (StudySync: both streams)`, (t) => `${(t.connectMs / 1000).toFixed(1)} s`],
    [`time to pair ${n} students`, (t) => (t.pairMs === null ? 'n/a (joins a room)' : `${Math.round(t.pairMs)} ms`)],
    ['messages lost (all rounds)', (t) => String(sum(t, (r) => r.lost))],
    ['sends refused (all rounds)', (t) => String(sum(t, (r) => r.refused))],
  ];
  console.log(
    `\n${n} students (${n / 2} rooms of two), medians of ${options.rounds} interleaved rounds; ` +
      `saturation: ${options.perStudent} messages per student, ${options.window} in flight; database: ${engine}; ` +
      `${machineLine(loadBefore)}\n`,
  );
  console.log(`| | ${targets.map((target) => target.name).join(' | ')} |`);
  console.log(`| --- | ${targets.map(() => '---:').join(' | ')} |`);
  for (const [label, cell] of rows) console.log(`| ${label} | ${targets.map(cell).join(' | ')} |`);
  const databaseIdle = idle.get('database');
  if (databaseIdle !== undefined)
    console.log(`\nThe database's idle CPU meanwhile: ${databaseIdle.toFixed(1)} % of a core.`);
}
