/** The room the student is in (`rooms.current`), for the bar on every page and the dashboard. */
import { useQuery, useQueryClient } from '@tanstack/vue-query';
import { useRoomsApi } from './api';

/** The query key, shaped like the options proxy's, so `trpcKeys.rooms` filters match it. */
export const CURRENT_ROOM_KEY = [['rooms', 'current'], { type: 'query' }] as const;

export function useCurrentRoom(enabled: () => boolean = () => true) {
  const api = useRoomsApi();
  return useQuery({
    queryKey: CURRENT_ROOM_KEY,
    queryFn: () => api.current(),
    enabled,
    staleTime: 30_000,
  });
}

/** Joined, left, removed: the bar reads where the student is again. */
export function useRefreshCurrentRoom(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: CURRENT_ROOM_KEY });
}
