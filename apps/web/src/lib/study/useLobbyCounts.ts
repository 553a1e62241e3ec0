import { computed, type MaybeRefOrGetter } from 'vue';
import { useQuery } from '@tanstack/vue-query';
import { useTrpcOptions } from '../query';

/** Waiting pages and the dashboard look this often: the server caches the counts a moment anyway. */
const LOBBY_POLL_MS = 10_000;

/** How many students study right now and wait for each length (while `enabled`). */
export function useLobbyCounts(enabled: MaybeRefOrGetter<boolean> = true) {
  const trpc = useTrpcOptions();
  const counts = useQuery(
    trpc.lobby.counts.queryOptions(undefined, { enabled, refetchInterval: LOBBY_POLL_MS, staleTime: 0 }),
  );
  const waitingFor = (minutes: number): number =>
    counts.data.value?.waiting.find((length) => length.minutes === minutes)?.students ?? 0;
  return { counts, studying: computed(() => counts.data.value?.studying ?? null), waitingFor };
}
