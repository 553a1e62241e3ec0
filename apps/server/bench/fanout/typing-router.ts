/**
 * Baseline for `bench fanout`: the least a tRPC v11 server does for a typing hint. No database, no
 * auth: `typing` hands the hint to every listener of its room, `events` yields each hint of the
 * room to each member's stream (the sender's own too, as StudySync's room stream does).
 */
import { on, EventEmitter } from 'node:events';
import { initTRPC } from '@trpc/server';
import { z } from 'zod';

const t = initTRPC.create();
const rooms = new EventEmitter();
// Two streams per room, thousands of rooms: one emitter, no listener-count warning.
rooms.setMaxListeners(0);

/** The shape StudySync's stream sends for a typing hint (a user id of the same length). */
const hint = { type: 'typing' as const, userId: '0123456789abcdef01234567' };
const roomInput = z.object({ room: z.string().min(1).max(64) });

export const typingRouter = t.router({
  typing: t.procedure.input(roomInput).mutation(({ input }) => {
    rooms.emit(input.room, hint);
    return { ok: true as const };
  }),
  events: t.procedure.input(roomInput).subscription(async function* ({ input, signal }) {
    for await (const [event] of on(rooms, input.room, signal ? { signal } : {})) {
      yield event as typeof hint;
    }
  }),
});

export type TypingRouter = typeof typingRouter;
