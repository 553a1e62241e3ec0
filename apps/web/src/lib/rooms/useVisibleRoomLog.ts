import { useQuery } from '@tanstack/vue-query';
import { computed } from 'vue';
import { useTrpcOptions } from '../query';
import type { RoomMemberView } from './types';
import type { useRoom } from './useRoom';

/** The room's log and "is typing" line as the student sees them: without the students they blocked. */
export function useVisibleRoomLog(room: Pick<ReturnType<typeof useRoom>, 'log'>, members: () => RoomMemberView[]) {
  const trpc = useTrpcOptions();
  const blocked = useQuery(trpc.safety.blocked.queryOptions());
  const blockedIds = computed(() => new Set((blocked.data.value ?? []).map((each) => each.userId)));
  const visibleLog = computed(() =>
    room.log.log.value.filter((event) => event.type !== 'message' || !blockedIds.value.has(event.authorId)),
  );
  const typingText = computed(() => {
    const names = room.log.typingIds.value
      .filter((id) => !blockedIds.value.has(id))
      .map((id) => members().find((member) => member.userId === id)?.username)
      .filter((name): name is string => Boolean(name));
    if (names.length === 0) return '';
    return names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
  });
  return { visibleLog, typingText };
}
