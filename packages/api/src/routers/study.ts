import { tracked, TRPCError } from '@trpc/server';
import {
  applyGoalCheckIn,
  consumeRateLimit,
  findStudyStats,
  nextEventSeq,
  readRoomEvents,
  studySessionsCollection,
} from '@studysync/db';
import {
  checkInInput,
  findPartnerInput,
  historyInput,
  sendMessageInput,
  sessionEventsInput,
  sessionIdInput,
} from '@studysync/validators';
import { topics } from '../events/bus';
import { listen } from '../events/queue';
import type { RealtimeEvent } from '../events/types';
import { participantSession } from '../study/access';
import { endSessionEarly } from '../study/lifecycle';
import { cancelWaiting, currentSession, findPartner } from '../study/matching';
import { streamClosed, streamOpened } from '../study/presence';
import { recordRoomEvent, toRoomEventView } from '../study/room-log';
import { toSessionView } from '../study/view';
import { toStatsView } from '../study/stats-view';
import { protectedProcedure, router } from '../trpc';

export const studyRouter = router({
  /** Pair with a waiting student of the same length, or wait. Asking again returns the live session. */
  findPartner: protectedProcedure.input(findPartnerInput).mutation(async ({ ctx, input }) => {
    const session = await findPartner(ctx.deps, ctx.user, input);
    return toSessionView(session, ctx.user._id.toHexString(), ctx.deps.now(), ctx.deps.config.study.minuteMs);
  }),

  cancel: protectedProcedure.mutation(async ({ ctx }) => {
    const cancelled = await cancelWaiting(ctx.deps, ctx.user._id.toHexString());
    if (!cancelled)
      throw new TRPCError({ code: 'CONFLICT', message: 'A partner already joined: your session has started' });
    return { ok: true as const };
  }),

  /** The student's waiting or active session, or null. */
  current: protectedProcedure.query(async ({ ctx }) => {
    const userId = ctx.user._id.toHexString();
    const session = await currentSession(ctx.deps, userId);
    return session && toSessionView(session, userId, ctx.deps.now(), ctx.deps.config.study.minuteMs);
  }),

  get: protectedProcedure.input(sessionIdInput).query(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { session } = await participantSession(ctx.deps, input.sessionId, userId);
    return toSessionView(session, userId, ctx.deps.now(), ctx.deps.config.study.minuteMs);
  }),

  endEarly: protectedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { session } = await participantSession(ctx.deps, input.sessionId, userId);
    const ended = await endSessionEarly(ctx.deps, session._id, { userId: ctx.user._id, username: ctx.user.username });
    if (ended === 'not-active')
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This session is not running' });
    return toSessionView(ended, userId, ctx.deps.now(), ctx.deps.config.study.minuteMs);
  }),

  sendMessage: protectedProcedure.input(sendMessageInput).mutation(async ({ ctx, input }) => {
    const { deps, user } = ctx;
    const { session } = await participantSession(deps, input.sessionId, user._id.toHexString());
    if (session.status !== 'active') {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Chat is open while the session runs' });
    }
    const { messages, perMs } = deps.config.study.chatRateLimit;
    const allowed = await consumeRateLimit(deps.db, `chat:${user._id.toHexString()}`, deps.now(), {
      max: messages,
      windowMs: perMs,
    });
    if (!allowed) {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `Slow down: at most ${messages} messages every ${Math.round(perMs / 1000)} seconds`,
      });
    }
    const seq = await nextEventSeq(deps.db, session._id);
    if (seq === undefined) throw new TRPCError({ code: 'NOT_FOUND', message: 'Study session not found' });
    return recordRoomEvent(deps, session._id, seq, {
      type: 'message',
      authorId: user._id,
      authorName: user.username,
      text: input.text,
    });
  }),

  /** Ephemeral "is typing"; clients throttle it. */
  typing: protectedProcedure.input(sessionIdInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { session } = await participantSession(ctx.deps, input.sessionId, userId);
    if (session.status === 'active') {
      await ctx.deps.bus.publish(topics.room(input.sessionId), { type: 'typing', userId });
    }
    return { ok: true as const };
  }),

  /** The room's log (chat and what happened), newest last, a page at a time going back. */
  history: protectedProcedure.input(historyInput).query(async ({ ctx, input }) => {
    const { session } = await participantSession(ctx.deps, input.sessionId, ctx.user._id.toHexString());
    const before =
      input.before === undefined ? session.eventSeq + 1 : Math.min(Number(input.before), session.eventSeq + 1);
    const from = Math.max(0, before - 1 - input.limit);
    const events = await readRoomEvents(ctx.deps.db, session._id, from, before - 1);
    return { events: events.map(toRoomEventView), nextBefore: from > 0 ? String(from + 1) : null };
  }),

  /** Record whether the goal was met; once per student per session. */
  checkIn: protectedProcedure.input(checkInInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.user._id.toHexString();
    const { session, seatIndex } = await participantSession(ctx.deps, input.sessionId, userId);
    if (session.status !== 'completed' && session.status !== 'endedEarly') {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Check in once the session has ended' });
    }
    const saved = await studySessionsCollection(ctx.deps.db).findOneAndUpdate(
      { _id: session._id, [`seats.${seatIndex}.checkIn`]: null },
      {
        $set: {
          [`seats.${seatIndex}.checkIn`]: { result: input.result, note: input.note || null, at: ctx.deps.now() },
        },
      },
      { returnDocument: 'after' },
    );
    if (!saved) throw new TRPCError({ code: 'CONFLICT', message: 'You already checked in for this session' });
    await applyGoalCheckIn(ctx.deps.db, userId, input.sessionId, input.result);
    return toSessionView(saved, userId, ctx.deps.now(), ctx.deps.config.study.minuteMs);
  }),

  /** The student's study counters. */
  stats: protectedProcedure.query(async ({ ctx }) =>
    toStatsView(await findStudyStats(ctx.deps.db, ctx.user._id.toHexString())),
  ),

  /**
   * One stream per open session page: first the session's state (with server time), then,
   * given `lastEventId`, every stored event after it, then live events, each stored event once.
   */
  events: protectedProcedure.input(sessionEventsInput).subscription(async function* ({ ctx, input, signal }) {
    const { deps } = ctx;
    const userId = ctx.user._id.toHexString();
    const { session, seatIndex } = await participantSession(deps, input.sessionId, userId);
    // Listen first, so nothing published while we read the database slips between.
    const queue = listen<RealtimeEvent>(
      (topic, listener) => deps.bus.subscribe(topic, listener),
      [topics.room(input.sessionId)],
      signal,
    );
    const live = session.status === 'active' || session.status === 'waiting';
    if (live) await streamOpened(deps, session, seatIndex);
    try {
      const fresh = (await participantSession(deps, input.sessionId, userId)).session;
      yield { type: 'state' as const, session: toSessionView(fresh, userId, deps.now(), deps.config.study.minuteMs) };
      let last = fresh.eventSeq;
      const missed = new Set<number>();
      if (input.lastEventId != null) {
        const since = Number(input.lastEventId);
        for (const event of await readRoomEvents(
          deps.db,
          session._id,
          Number.isFinite(since) ? since : fresh.eventSeq,
          fresh.eventSeq,
        )) {
          yield tracked(String(event.seq), toRoomEventView(event));
        }
      }
      for await (const event of queue) {
        if (!('id' in event)) {
          yield event;
          continue;
        }
        const seq = Number(event.id);
        // Two senders can publish out of order: deliver a late one once, skip what we already sent.
        if (seq > last) {
          for (let gap = last + 1; gap < seq; gap += 1) missed.add(gap);
          last = seq;
        } else if (!missed.delete(seq)) continue;
        yield tracked(event.id, event);
      }
    } finally {
      queue.close();
      if (live) await streamClosed(deps, session, seatIndex);
    }
  }),
});
