/**
 * The live directory of public rooms: `rooms.directory` for the first answer, then every
 * snapshot `rooms.directoryLive` yields. Phase and time left are the client's to compute from
 * each room's run and the server clock offset (see schedule.ts): the server does not tick.
 */
import { computed, ref, shallowRef } from 'vue';
import { useTrpcSubscription } from '../query';
import { clockOffsetMs } from '../study/countdown';
import { useNow } from '../study/useNow';
import { useRoomsApi } from './api';
import { messageText } from './errors';
import { phaseNow } from './schedule';
import type { RoomDirectorySnapshot } from './types';

/** A snapshot as it arrives: bare, or wrapped as a `tracked()` item. */
type DirectoryItem = RoomDirectorySnapshot | { id: string; data: RoomDirectorySnapshot };

const unwrap = (item: DirectoryItem): RoomDirectorySnapshot => ('data' in item ? item.data : item);

export function useRoomDirectory() {
  const api = useRoomsApi();
  const snapshot = shallowRef<RoomDirectorySnapshot | null>(null);
  const offsetMs = ref(0);
  const loadError = ref<string | null>(null);
  const { now, refresh } = useNow(1_000);

  function adopt(next: RoomDirectorySnapshot): void {
    snapshot.value = next;
    offsetMs.value = clockOffsetMs(next.serverTime, Date.now());
    loadError.value = null;
    refresh();
  }

  void api.directory().then(
    (rooms) => {
      // The live stream may have answered first (with the server's clock): it wins.
      if (!snapshot.value) adopt({ type: 'roomDirectory', rooms, serverTime: new Date().toISOString() });
    },
    (error: unknown) => {
      console.warn('rooms.directory failed', { error });
      if (!snapshot.value) loadError.value = messageText(error, "Couldn't load the rooms.");
    },
  );

  const stream = useTrpcSubscription<undefined, DirectoryItem>({
    path: 'rooms.directoryLive',
    input: undefined,
    onData: (item) => adopt(unwrap(item)),
  });

  /** The rooms in the server's order (by who is there), each with its phase now. */
  const rooms = computed(() =>
    (snapshot.value?.rooms ?? []).map((room) => {
      const schedule = room.run && { ...room.run, cycle: room.cycle };
      return {
        ...room,
        phaseNow: schedule ? phaseNow(schedule, now.value, offsetMs.value, room.minuteMs) : null,
      };
    }),
  );

  return {
    rooms,
    loaded: computed(() => snapshot.value !== null),
    loadError,
    live: computed(() => stream.status.value === 'live'),
    reconnecting: computed(() => stream.status.value === 'reconnecting'),
  };
}

export type DirectoryRoom = ReturnType<typeof useRoomDirectory>['rooms']['value'][number];
