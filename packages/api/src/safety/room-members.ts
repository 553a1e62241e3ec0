import type { ApiDeps, RoomMembers } from '../deps';
import { DomainError } from '../errors';
import { participantSession } from '../study';

/** One kind of room's answer to "is `userId` in room `roomId`, and who else is" (null: not for them). */
export type RoomMembersResolver = (deps: ApiDeps, roomId: string, userId: string) => Promise<RoomMembers | null>;

/** A partner session is a room of two: its seats (also once it ended, so it can be reported after). */
export const partnerSessionMembers: RoomMembersResolver = async (deps, roomId, userId) => {
  try {
    const { session } = await participantSession(deps, roomId, userId);
    return {
      kind: 'partner',
      roomId: session._id,
      members: session.seats.map((seat) => ({ userId: seat.userId.toHexString(), username: seat.username })),
    };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};

/**
 * Asks each kind of room in turn (each reads its own collection by `_id`); the first that knows
 * the room with the student in it answers. Wired in wiring.ts as `hooks.roomMembers`.
 */
export function firstRoomMembers(resolvers: readonly RoomMembersResolver[]): RoomMembersResolver {
  return async (deps, roomId, userId) => {
    for (const resolve of resolvers) {
      const room = await resolve(deps, roomId, userId);
      if (room) return room;
    }
    return null;
  };
}
