/**
 * Benchmarks, by name: `npm run bench -w @studysync/server -- leaderboard [--students=50000 …]`.
 * Not part of the tests: each seeds its own throwaway database and prints its figures.
 */
const benches: Record<string, () => Promise<{ run(args: readonly string[]): Promise<void> }>> = {
  leaderboard: () => import('./leaderboard'),
  realtime: () => import('./realtime'),
  pairing: () => import('./pairing'),
  reads: () => import('./reads'),
  fanout: () => import('./fanout'),
};

const [name = 'leaderboard', ...args] = process.argv.slice(2);
const load = benches[name];
if (!load) {
  console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
await (await load()).run(args);
