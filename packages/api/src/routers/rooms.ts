import { tracked } from '@trpc/server';
import { latestRoomEventSeq, ObjectId, readRoomEventsBefore } from '@studysync/db';
import {
  createRoomInput,
  joinRoomInput,
  roomCheckInInput,
  roomEventsInput,
  roomHistoryInput,
  roomIdInput,
  roomMemberInput,
  roomMessageInput,
  setRoomGoalInput,
  viewRoomInput,
} from '@studysync/validators';
import { DomainError } from '../errors';
import { listen, signInOf, topics, type RoomDirectoryEvent } from '../events';
import { take } from '../limits';
import {
  changeInvite,
  chatOpenAt,
  checkInRoom,
  createRoom,
  currentRoom,
  endRun,
  joinRoom,
  leaveRoom,
  loadRoomView,
  memberRoom,
  readDirectory,
  removeMember,
  roomStreamClosed,
  roomStreamOpened,
  setGoal,
  setMuted,
  skipBreak,
  startRun,
  visibleRoom,
  type OpenedRoomStream,
  type RoomView,
} from '../rooms';
import { followHiddenAuthors, hiddenAuthors, hidesEvent, type FollowedHiddenAuthors } from '../safety';
import { followRoomLog, recordRoomEvent, resumePoint, toRoomEventView } from '../study';
import { protectedProcedure, router } from '../trpc';

/**
 * Group study rooms: a shared focus/break cycle for up to 50 students. Every procedure checks
 * who asks: a private room without its invite code is NOT_FOUND (like none), host actions by
 * anyone but the stored host are FORBIDDEN. Changes answer with the room as the student sees it.
 */
export const roomsRouter = router({
  /** A new room, its creator host and first member; a private room's invite code comes back here only. */
  create: protectedProcedure
    .input(createRoomInput)
    .mutation(async ({ ctx, input }): Promise<RoomView & { inviteCode: string | null }> => {
      const { room, inviteCode } = await createRoom(ctx.deps, ctx.user, input);
      return { ...(await loadRoomView(ctx.deps, room, ctx.user._id.toHexString())), inviteCode };
    }),

  /** Public open rooms, most occupied first. */
  directory: protectedProcedure.query(async ({ ctx }) => (await readDirectory(ctx.deps)).rooms),

  /** The directory as it changes: a full snapshot first, then a fresh one on every change. */
  directoryLive: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    const { deps } = ctx;
    const queue = await listen(deps.bus, [topics.roomDirectory], signal, signInOf(ctx));
    try {
      let latest: RoomDirectoryEvent = await readDirectory(deps);
      yield latest;
      for await (const snapshot of queue) {
        // Snapshots built on several servers can cross: never go back to an older one.
        if (snapshot.serverTime < latest.serverTime) continue;
        latest = snapshot;
        yield snapshot;
      }
    } finally {
      queue.close();
    }
  }),

  /** A room the student may see (a public one, theirs, or a private one with its code); closed ones say so. */
  get: protectedProcedure.input(viewRoomInput).query(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await visibleRoom(ctx.deps, input.roomId, userId, input.code), userId);
  }),

  /** Joins (atomically against capacity); joining a room one is in changes nothing. */
  join: protectedProcedure.input(joinRoomInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { points, windowMs } = ctx.deps.limiters.settings.roomJoins;
    await take(
      ctx.deps.limiters.roomJoins,
      userId,
      () => `Slow down: at most ${points} room joins every ${Math.round(windowMs / 1000)} seconds`,
    );
    return loadRoomView(ctx.deps, await joinRoom(ctx.deps, ctx.user, input), userId);
  }),

  leave: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    await leaveRoom(ctx.deps, ctx.user._id.toHexString(), input.roomId);
    return { ok: true as const };
  }),

  /** The room the student is in now (one live room or partner session at a time), or null. */
  current: protectedProcedure.query(async ({ ctx }) => {
    const userId = ctx.user._id.toHexString();
    const room = await currentRoom(ctx.deps, userId);
    return room && loadRoomView(ctx.deps, room, userId);
  }),

  setGoal: protectedProcedure.input(setRoomGoalInput).mutation(async ({ ctx, input }) => {
    const room = await setGoal(ctx.deps, ctx.user, input.roomId, input);
    return loadRoomView(ctx.deps, room, ctx.user._id.toHexString());
  }),

  sendMessage: protectedProcedure.input(roomMessageInput).mutation(async ({ ctx, input }) => {
    const { deps, user } = ctx;
    const userId = user._id.toHexString();
    const room = await memberRoom(deps, input.roomId, userId);
    if (room.status !== 'open') throw new DomainError('PRECONDITION_FAILED', 'This room has closed');
    if (room.members.find((member) => member.userId.equals(user._id))?.mutedAt)
      throw new DomainError('FORBIDDEN', 'The host muted you');
    if (!chatOpenAt(room, deps.now(), deps.config.study.minuteMs))
      throw new DomainError('PRECONDITION_FAILED', 'Chat opens in the break');
    const { points, windowMs } = deps.limiters.settings.chatMessages;
    await take(
      deps.limiters.chatMessages,
      userId,
      () => `Slow down: at most ${points} messages every ${Math.round(windowMs / 1000)} seconds`,
    );
    return recordRoomEvent(deps, room._id, {
      type: 'message',
      authorId: user._id,
      authorName: user.username,
      text: input.text,
    });
  }),

  /** Ephemeral "is typing"; clients throttle it. */
  typing: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    await take(ctx.deps.limiters.typing, userId, () => 'Slow down: typing updates are limited');
    await memberRoom(ctx.deps, input.roomId, userId);
    await ctx.deps.bus.publish(topics.room(input.roomId), { type: 'typing', userId });
    return { ok: true as const };
  }),

  /** The room's log (chat and what happened), newest last, a page at a time going back. Members only. */
  history: protectedProcedure.input(roomHistoryInput).query(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const room = await memberRoom(ctx.deps, input.roomId, userId);
    const newest = await latestRoomEventSeq(ctx.deps.db, room._id);
    const before = Math.min(input.before === undefined ? Infinity : Number(input.before), newest + 1);
    const [events, hidden] = await Promise.all([
      readRoomEventsBefore(ctx.deps.db, room._id, before, input.limit),
      hiddenAuthors(ctx.deps, userId),
    ]);
    const oldest = before - input.limit;
    // A blocked student's messages are hidden from the blocker (safety), as in partner sessions.
    const visible = events.map(toRoomEventView).filter((event) => !hidesEvent(hidden, event));
    return { events: visible, nextBefore: oldest > 1 ? String(oldest) : null };
  }),

  startRun: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await startRun(ctx.deps, userId, input.roomId), userId);
  }),

  skipBreak: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await skipBreak(ctx.deps, userId, input.roomId), userId);
  }),

  endRun: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await endRun(ctx.deps, userId, input.roomId), userId);
  }),

  /** A new invite code for a private room; the old link stops working. */
  rotateInvite: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    const { inviteCode } = await changeInvite(ctx.deps, ctx.user._id.toHexString(), input.roomId, 'rotate');
    return { inviteCode: inviteCode ?? '' };
  }),

  /** No invite link works any more (until the next rotation). */
  revokeInvite: protectedProcedure.input(roomIdInput).mutation(async ({ ctx, input }) => {
    await changeInvite(ctx.deps, ctx.user._id.toHexString(), input.roomId, 'revoke');
    return { ok: true as const };
  }),

  mute: protectedProcedure.input(roomMemberInput).mutation(async ({ ctx, input }) => {
    const hostId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await setMuted(ctx.deps, hostId, input.roomId, input.userId, true), hostId);
  }),

  unmute: protectedProcedure.input(roomMemberInput).mutation(async ({ ctx, input }) => {
    const hostId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await setMuted(ctx.deps, hostId, input.roomId, input.userId, false), hostId);
  }),

  /** Removes a member: their streams end and they cannot rejoin this run. */
  remove: protectedProcedure.input(roomMemberInput).mutation(async ({ ctx, input }) => {
    const hostId = ctx.user._id.toHexString();
    return loadRoomView(ctx.deps, await removeMember(ctx.deps, hostId, input.roomId, input.userId), hostId);
  }),

  /** Whether the goal was met, once per member per run, after the run ended. */
  checkIn: protectedProcedure.input(roomCheckInInput).mutation(async ({ ctx, input }) => {
    const room = await checkInRoom(ctx.deps, ctx.user, input);
    return loadRoomView(ctx.deps, room, ctx.user._id.toHexString());
  }),

  /**
   * One stream per open room page, as `study.events`: first the room's state (with server time),
   * then, given `lastEventId`, every stored event after it, then live events, each stored event
   * once, all `tracked`. It ends after the student's own departure (left, gone, removed) or the
   * room's closing.
   */
  events: protectedProcedure.input(roomEventsInput).subscription(async function* ({ ctx, input, signal }) {
    const { deps } = ctx;
    const userId = ctx.user._id.toHexString();
    const queue = await listen(deps.bus, [topics.room(input.roomId)], signal, signInOf(ctx));
    let counted: OpenedRoomStream | null = null;
    let hidden: FollowedHiddenAuthors | null = null;
    try {
      const room = await memberRoom(deps, input.roomId, userId);
      // Whom the viewer blocked, kept current while the stream is open: their messages never reach it.
      hidden = await followHiddenAuthors(deps, userId);
      counted = room.status === 'open' ? await roomStreamOpened(deps, room._id, userId) : null;
      const state = await loadRoomView(deps, counted?.room ?? room, userId);
      const resumeFrom = resumePoint(input.lastEventId);
      yield tracked(String(resumeFrom ?? Number(state.lastEventId)), { type: 'state' as const, room: state });
      if (room.status !== 'open') return;
      const log = followRoomLog(deps, room._id, queue, {
        stateLastEventId: Number(state.lastEventId),
        resumeFrom,
        hides: (event) => hidden !== null && hidesEvent(hidden, event),
      });
      for await (const { cursor, event } of log) {
        yield tracked(cursor, event);
        const mine = 'userId' in event && event.userId === userId;
        if ((mine && (event.type === 'memberLeft' || event.type === 'memberRemoved')) || event.type === 'roomClosed')
          return;
      }
    } finally {
      queue.close();
      hidden?.close();
      if (counted) {
        const { instanceId } = counted;
        await deps.pending.track(
          roomStreamClosed(deps, new ObjectId(input.roomId), (member) => member.userId.toHexString() === userId, {
            instanceId,
            count: 1,
            at: deps.now(),
          }),
        );
      }
    }
  }),
});
