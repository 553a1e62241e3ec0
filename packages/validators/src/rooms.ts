import { z } from 'zod';
import { freeText } from './free-text';
import { objectIdSchema } from './study';

/** The two cycles most rooms use; anything else is a custom cycle within the bounds below. */
export const ROOM_CYCLE_PRESETS = {
  classic: { focusMinutes: 25, breakMinutes: 5, cyclesBeforeLongBreak: 4, longBreakMinutes: 15 },
  deep: { focusMinutes: 50, breakMinutes: 10, cyclesBeforeLongBreak: 3, longBreakMinutes: 20 },
} as const;

export const ROOM_CAPACITY = { min: 2, max: 50, default: 12 } as const;

const minutes = (min: number, max: number, what: string) =>
  z
    .number({ error: `Give the ${what} in minutes` })
    .int(`Give the ${what} in whole minutes`)
    .min(min, `The ${what} is at least ${min} minutes`)
    .max(max, `The ${what} is at most ${max} minutes`);

export const roomCycleSchema = z.object({
  focusMinutes: minutes(10, 90, 'focus length'),
  breakMinutes: minutes(3, 30, 'break length'),
  cyclesBeforeLongBreak: z
    .number()
    .int()
    .min(2, 'A long break comes after 2 to 6 focus blocks')
    .max(6, 'A long break comes after 2 to 6 focus blocks'),
  longBreakMinutes: minutes(5, 60, 'long break length'),
  /** Whether chat is open during focus blocks, or only in breaks. */
  chatDuringFocus: z.boolean().default(false),
});
export type RoomCycle = z.infer<typeof roomCycleSchema>;

export const roomNameSchema = freeText({
  max: 60,
  maxMessage: 'Keep the room name to 60 characters',
  minMessage: 'Give the room a name',
});

export const createRoomInput = z.object({
  name: roomNameSchema,
  /** A topic or course tag shown in the directory, e.g. "MATH 201". */
  tag: freeText({ max: 40, maxMessage: 'Keep the tag to 40 characters' }).optional(),
  visibility: z.enum(['public', 'private'], { error: 'Choose public or private' }),
  capacity: z
    .number()
    .int()
    .min(ROOM_CAPACITY.min, `A room holds ${ROOM_CAPACITY.min} to ${ROOM_CAPACITY.max} students`)
    .max(ROOM_CAPACITY.max, `A room holds ${ROOM_CAPACITY.min} to ${ROOM_CAPACITY.max} students`)
    .default(ROOM_CAPACITY.default),
  cycle: roomCycleSchema,
});
export type CreateRoomInput = z.input<typeof createRoomInput>;
export type CreateRoomParsed = z.infer<typeof createRoomInput>;

export const roomIdInput = z.object({ roomId: objectIdSchema });

/** An invite code as it appears in a private room's link (random, base64url). */
export const inviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'This invite link is not valid');

export const roomGoalSchema = freeText({ max: 280, maxMessage: 'Keep your goal to 280 characters', multiLine: true });

/** A planner subtask picked as the goal: the assessment and the subtask's id in it (as the planner names it). */
export const plannerSubtaskRef = z.object({
  assessmentId: objectIdSchema,
  subtaskId: objectIdSchema,
});
export type PlannerSubtaskRef = z.infer<typeof plannerSubtaskRef>;

export const viewRoomInput = z.object({ roomId: objectIdSchema, code: inviteCodeSchema.optional() });

export const joinRoomInput = z.object({
  roomId: objectIdSchema,
  code: inviteCodeSchema.optional(),
  goal: roomGoalSchema.optional(),
  subtask: plannerSubtaskRef.optional(),
});

export type JoinRoomInput = z.infer<typeof joinRoomInput>;

export const setRoomGoalInput = z.object({
  roomId: objectIdSchema,
  goal: roomGoalSchema,
  subtask: plannerSubtaskRef.nullish(),
});

export const roomMessageInput = z.object({
  roomId: objectIdSchema,
  text: freeText({
    max: 2000,
    maxMessage: 'Messages can be up to 2000 characters',
    minMessage: 'Write a message first',
    multiLine: true,
  }),
});

export const roomMemberInput = z.object({ roomId: objectIdSchema, userId: objectIdSchema });

export const roomEventsInput = z.object({
  roomId: objectIdSchema,
  lastEventId: z.string().max(32).nullish(),
});

export const roomHistoryInput = z.object({
  roomId: objectIdSchema,
  before: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const roomCheckInInput = z.object({
  roomId: objectIdSchema,
  result: z.enum(['yes', 'partly', 'no'], { error: 'Choose yes, partly or no' }),
  note: freeText({ max: 1000, maxMessage: 'Keep the note to 1000 characters', multiLine: true }).optional(),
  /** Tick the planner subtask that was the goal as done. */
  subtaskDone: z.boolean().default(false),
});

/**
 * A room's run as data: when it started and how much time skipped breaks took out. Every client
 * and server computes the phase from this and the clock, so nothing ticks.
 */
export interface RoomRun {
  /** Epoch ms the run's first focus block began. */
  startedAt: number;
  /** Time taken out of the schedule by skipped breaks, in ms. */
  skippedMs: number;
  cycle: Pick<RoomCycle, 'focusMinutes' | 'breakMinutes' | 'cyclesBeforeLongBreak' | 'longBreakMinutes'>;
}

export type RoomPhaseKind = 'focus' | 'break' | 'longBreak';

export interface RoomPhase {
  kind: RoomPhaseKind;
  /** 0, 1, 2… over the whole run: focus, break, focus, break…, focus, long break, focus… */
  segment: number;
  /** The focus block this phase is or follows, 1-based over the run. */
  block: number;
  /** Epoch ms this phase began and ends (as the schedule stands now). */
  startsAt: number;
  endsAt: number;
}

/** The segment lengths of one full cycle, in ms: n focus blocks with breaks, the last a long one. */
function cycleSegments(cycle: RoomRun['cycle'], minuteMs: number): { kind: RoomPhaseKind; ms: number }[] {
  const segments: { kind: RoomPhaseKind; ms: number }[] = [];
  for (let i = 0; i < cycle.cyclesBeforeLongBreak; i += 1) {
    segments.push({ kind: 'focus', ms: cycle.focusMinutes * minuteMs });
    const long = i === cycle.cyclesBeforeLongBreak - 1;
    segments.push({
      kind: long ? 'longBreak' : 'break',
      ms: (long ? cycle.longBreakMinutes : cycle.breakMinutes) * minuteMs,
    });
  }
  return segments;
}

/** The phase of `run` at epoch ms `at` (the first focus block if `at` is before the start). */
export function roomPhaseAt(run: RoomRun, at: number, minuteMs: number): RoomPhase {
  const segments = cycleSegments(run.cycle, minuteMs);
  const period = segments.reduce((sum, each) => sum + each.ms, 0);
  const origin = run.startedAt - run.skippedMs;
  const elapsed = Math.max(0, at - origin);
  const periods = Math.floor(elapsed / period);
  let offset = periods * period;
  let segment = periods * segments.length;
  for (const each of segments) {
    if (elapsed < offset + each.ms) {
      const block = Math.floor(segment / 2) + 1;
      return { kind: each.kind, segment, block, startsAt: origin + offset, endsAt: origin + offset + each.ms };
    }
    offset += each.ms;
    segment += 1;
  }
  // Unreachable: `elapsed` lies within the period found above.
  throw new Error('roomPhaseAt: no segment');
}

/** The phase with the given segment number (its times as the schedule stands now). */
export function roomSegment(run: RoomRun, segment: number, minuteMs: number): RoomPhase {
  const segments = cycleSegments(run.cycle, minuteMs);
  const period = segments.reduce((sum, each) => sum + each.ms, 0);
  const periods = Math.floor(segment / segments.length);
  let offset = periods * period;
  const within = segment % segments.length;
  for (let i = 0; i < within; i += 1) offset += segments[i]?.ms ?? 0;
  const each = segments[within];
  if (!each) throw new Error('roomSegment: no segment');
  const origin = run.startedAt - run.skippedMs;
  return {
    kind: each.kind,
    segment,
    block: Math.floor(segment / 2) + 1,
    startsAt: origin + offset,
    endsAt: origin + offset + each.ms,
  };
}
