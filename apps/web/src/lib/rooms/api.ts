/** The `rooms` router as the room pages call it outside vue-query (streams, one-off actions). */
import { useTrpc } from '../trpc';
import type { MutationInput } from '../query';

export type JoinRoomRequest = MutationInput<'rooms.join'>;
export type CreatedRoom = Awaited<ReturnType<ReturnType<typeof useRoomsApi>['create']>>;

export function useRoomsApi() {
  const { rooms } = useTrpc();
  const member = (roomId: string, userId: string) => ({ roomId, userId });
  return {
    create: (input: MutationInput<'rooms.create'>) => rooms.create.mutate(input),
    directory: () => rooms.directory.query(),
    get: (input: { roomId: string; code?: string | undefined }) =>
      rooms.get.query({ roomId: input.roomId, ...(input.code ? { code: input.code } : {}) }),
    current: () => rooms.current.query(),
    join: (input: JoinRoomRequest) => rooms.join.mutate(input),
    leave: (roomId: string) => rooms.leave.mutate({ roomId }),
    history: (roomId: string, before?: string) =>
      rooms.history.query({ roomId, limit: 50, ...(before ? { before } : {}) }),
    sendMessage: (roomId: string, text: string) => rooms.sendMessage.mutate({ roomId, text }),
    typing: (roomId: string) => rooms.typing.mutate({ roomId }),
    setGoal: (roomId: string, goal: string) => rooms.setGoal.mutate({ roomId, goal }),
    checkIn: (input: MutationInput<'rooms.checkIn'>) => rooms.checkIn.mutate(input),
    startRun: (roomId: string) => rooms.startRun.mutate({ roomId }),
    skipBreak: (roomId: string) => rooms.skipBreak.mutate({ roomId }),
    endRun: (roomId: string) => rooms.endRun.mutate({ roomId }),
    rotateInvite: (roomId: string) => rooms.rotateInvite.mutate({ roomId }),
    revokeInvite: (roomId: string) => rooms.revokeInvite.mutate({ roomId }),
    mute: (roomId: string, userId: string) => rooms.mute.mutate(member(roomId, userId)),
    unmute: (roomId: string, userId: string) => rooms.unmute.mutate(member(roomId, userId)),
    remove: (roomId: string, userId: string) => rooms.remove.mutate(member(roomId, userId)),
  };
}

export type RoomsApi = ReturnType<typeof useRoomsApi>;

/** The invite link of a private room, as the host shares it. */
export function inviteLink(origin: string, roomId: string, code: string): string {
  return `${origin}/rooms/${roomId}?code=${encodeURIComponent(code)}`;
}
