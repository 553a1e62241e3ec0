import { tracked, TRPCError } from '@trpc/server';
import {
  applyGoalCheckIn,
  findStudySession,
  findStudyStats,
  latestRoomEventSeq,
  readRoomEventsBefore,
  setSeatCheckIn,
  withRoomLock,
  withStatsLock,
} from '@studysync/db';
import {
  checkInInput,
  findPartnerInput,
  historyInput,
  sendMessageInput,
  sessionEventsInput,
  sessionIdInput,
} from '@studysync/validators';
import { listen, signInOf, topics } from '../events';
import { take } from '../limits';
import { chatRoom, participantSession } from '../study/access';
import { endSessionEarly } from '../study/lifecycle';
import { cancelWaiting, currentSession, findPartner } from '../study/matching';
import { streamClosed } from '../study/presence';
import { streamOpened, type OpenedStream } from '../study/stream-open';
import { announceSearch } from '../study/search-events';
import { recordRoomEvent, toRoomEventView } from '../study/room-log';
import { followRoomLog, resumePoint } from '../study/log-stream';
import { loadSessionView, toSessionView } from '../study/view';
import { toStatsView } from '../study/stats-view';
import { followHiddenAuthors, hiddenAuthors, hidesEvent, type FollowedHiddenAuthors } from '../safety';
import { protectedProcedure, router } from '../trpc';

export const studyRouter = router({
  /** Pair with a waiting student of the same length, or wait. Asking again returns the live session. */
  findPartner: protectedProcedure.input(findPartnerInput).mutation(async ({ ctx, input }) => {
    const { session, lastEventSeq } = await findPartner(ctx.deps, ctx.user, input);
    const viewerId = ctx.user._id.toHexString();
    if (session.status === 'waiting')
      await announceSearch(ctx.deps, viewerId, {
        sessionId: session._id.toHexString(),
        minutes: session.plannedMinutes,
      });
    if (lastEventSeq === null) return loadSessionView(ctx.deps, session, viewerId);
    const { now, config } = ctx.deps;
    return toSessionView(session, viewerId, { now: now(), minuteMs: config.study.minuteMs, lastEventSeq });
  }),

  cancel: protectedProcedure.mutation(async ({ ctx }) => {
    const cancelled = await cancelWaiting(ctx.deps, ctx.user._id.toHexString());
    if (!cancelled)
      throw new TRPCError({ code: 'CONFLICT', message: 'A partner already joined: your session has started' });
    await announceSearch(ctx.deps, ctx.user._id.toHexString(), null);
    return { ok: true as const };
  }),

  /** The student's waiting or active session, or null. */
  current: protectedProcedure.query(async ({ ctx }) => {
    const userId = ctx.user._id.toHexString();
    const session = await currentSession(ctx.deps, userId);
    return session && loadSessionView(ctx.deps, session, userId);
  }),

  get: protectedProcedure.input(sessionIdInput).query(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { session } = await participantSession(ctx.deps, input.sessionId, userId);
    return loadSessionView(ctx.deps, session, userId);
  }),

  endEarly: protectedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { session } = await participantSession(ctx.deps, input.sessionId, userId);
    const ended = await endSessionEarly(ctx.deps, session._id, { userId: ctx.user._id, username: ctx.user.username });
    if (ended === 'not-active')
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This session is not running' });
    return loadSessionView(ctx.deps, ended, userId);
  }),

  sendMessage: protectedProcedure.input(sendMessageInput).mutation(async ({ ctx, input }) => {
    const { deps, user } = ctx;
    // No read while this process remembers the running room (study/access.ts).
    const room = await chatRoom(deps, input.sessionId, user._id.toHexString());
    if (!room.running) {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Chat is open while the session runs' });
    }
    const { points, windowMs } = deps.limiters.settings.chatMessages;
    await take(
      deps.limiters.chatMessages,
      user._id.toHexString(),
      () => `Slow down: at most ${points} messages every ${Math.round(windowMs / 1000)} seconds`,
    );
    return recordRoomEvent(deps, room.id, {
      type: 'message',
      authorId: user._id,
      authorName: user.username,
      text: input.text,
    });
  }),

  /** Ephemeral "is typing"; clients throttle it. */
  typing: protectedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    await take(ctx.deps.limiters.typing, userId, () => 'Slow down: typing updates are limited');
    const room = await chatRoom(ctx.deps, input.sessionId, userId);
    if (room.running) {
      await ctx.deps.bus.publish(topics.room(input.sessionId), { type: 'typing', userId });
    }
    return { ok: true as const };
  }),

  /** The room's log (chat and what happened), newest last, a page at a time going back. */
  history: protectedProcedure.input(historyInput).query(async ({ ctx, input }) => {
    const { session } = await participantSession(ctx.deps, input.sessionId, ctx.user._id.toHexString());
    const newest = await latestRoomEventSeq(ctx.deps.db, session._id);
    const before = Math.min(input.before === undefined ? Infinity : Number(input.before), newest + 1);
    const [events, hidden] = await Promise.all([
      readRoomEventsBefore(ctx.deps.db, session._id, before, input.limit),
      hiddenAuthors(ctx.deps, ctx.user._id.toHexString()),
    ]);
    const oldest = before - input.limit;
    // Messages of students the viewer blocked are left out (a page may then hold fewer).
    const visible = events.map(toRoomEventView).filter((event) => !hidesEvent(hidden, event));
    return { events: visible, nextBefore: oldest > 1 ? String(oldest) : null };
  }),

  /** Record whether the goal was met; once per student per session. */
  checkIn: protectedProcedure.input(checkInInput).mutation(async ({ ctx, input }) => {
    const { deps } = ctx;
    const userId = ctx.user._id.toHexString();
    const { session, seatIndex } = await participantSession(deps, input.sessionId, userId);
    if (session.status !== 'completed' && session.status !== 'endedEarly') {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Check in once the session has ended' });
    }
    const saved = await withRoomLock(deps.db, session._id, async (lock) => {
      const current = await findStudySession(deps.db, session._id);
      if (!current || current.seats[seatIndex]?.checkIn) return null;
      const checkIn = { result: input.result, note: input.note || null, at: deps.now() };
      // The lock makes it once (the write is by `_id` alone, see setSeatCheckIn).
      await setSeatCheckIn(lock, seatIndex, checkIn);
      return { ...current, seats: current.seats.map((seat, i) => (i === seatIndex ? { ...seat, checkIn } : seat)) };
    });
    if (!saved) throw new TRPCError({ code: 'CONFLICT', message: 'You already checked in for this session' });
    await withStatsLock(deps.db, userId, async (lock) => {
      await applyGoalCheckIn(lock, input.sessionId, input.result);
      // Progress keeps a copy of the counters where its reads are cheap (progress/store.ts).
      await deps.hooks.statsChanged(deps, lock, ctx.user.username);
    });
    return loadSessionView(deps, saved, userId);
  }),

  /** The student's study counters. */
  stats: protectedProcedure.query(async ({ ctx }) =>
    toStatsView(await findStudyStats(ctx.deps.db, ctx.user._id.toHexString())),
  ),

  /**
   * One stream per open session page: first the session's state (with server time), then,
   * given `lastEventId`, every stored event after it, then live events, each stored event once.
   * Every item is `tracked`, its id the newest room-log number delivered so far: the client
   * resends the id of the last item it got when it reconnects, untracked items would clear it.
   */
  events: protectedProcedure.input(sessionEventsInput).subscription(async function* ({ ctx, input, signal }) {
    const { deps } = ctx;
    const userId = ctx.user._id.toHexString();
    // Listen first, so nothing published while we read the database slips between; nothing is
    // yielded before the read below proved the student has a seat.
    const queue = await listen(deps.bus, [topics.room(input.sessionId)], signal, signInOf(ctx));
    let counted: OpenedStream | null = null;
    let hidden: FollowedHiddenAuthors | null = null;
    try {
      const { session } = await participantSession(deps, input.sessionId, userId);
      // Whom the viewer blocked, kept current while the stream is open: their messages never reach it.
      hidden = await followHiddenAuthors(deps, userId);
      const live = session.status === 'active' || session.status === 'waiting';
      counted = live ? await streamOpened(deps, session, userId) : null;
      const state = await loadSessionView(deps, counted?.session ?? session, userId);
      const resumeFrom = resumePoint(input.lastEventId);
      yield tracked(String(resumeFrom ?? Number(state.lastEventId)), { type: 'state' as const, session: state });
      const log = followRoomLog(deps, session._id, queue, {
        stateLastEventId: Number(state.lastEventId),
        resumeFrom,
        hides: (event) => hidden !== null && hidesEvent(hidden, event),
      });
      for await (const { cursor, event } of log) yield tracked(cursor, event);
    } finally {
      queue.close();
      hidden?.close();
      if (counted) await deps.pending.track(streamClosed(deps, counted.session._id, userId, counted.instanceId));
    }
  }),
});
