/**
 * A small stateful stand-in for the study API, for page tests: `study.*` handlers over one
 * session, the room's log and the student's stats, plus helpers that change the state the way
 * the server would and push the matching stream items (`{ id, data }`, tracked like the server's).
 */
import type {
  PersistedRoomEvent,
  RoomEvent,
  SeatView,
  StudySessionView,
  StudyStatsView,
  UserEvent,
} from '@studysync/api';
import { FakeServerError, testUser, type FakeApi, type FakeHandlers } from './fakeApi';

export const SESSION_ID = '65f0c0ffee000000000000aa';
export const NEXT_SESSION_ID = '65f0c0ffee000000000000ab';
export const PARTNER = { userId: '65f0c0ffee000000000000bb', username: 'grace_h' } as const;
const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

type Distribute<T> = T extends unknown ? Omit<T, 'id' | 'at'> : never;
export type NewRoomEvent = Distribute<PersistedRoomEvent>;

export function seat(overrides: Partial<SeatView> = {}): SeatView {
  return {
    userId: testUser.id,
    username: testUser.username,
    goal: null,
    online: true,
    disconnected: false,
    checkIn: null,
    ...overrides,
  };
}

export function emptyStats(): StudyStatsView {
  return {
    totalMinutes: 0,
    completedSessions: 0,
    quitSessions: 0,
    disconnectedSessions: 0,
    partnerEndedSessions: 0,
    longestSessionMinutes: 0,
    lastStudyDay: null,
    goals: { yes: 0, partly: 0, no: 0 },
  };
}

export interface StudyServerOptions {
  /** Server clock minus the local clock (ms). */
  clockOffsetMs?: number;
  /** Start with a session in this state (none by default). */
  status?: 'waiting' | 'active';
  minutes?: 25 | 50 | 90;
  goal?: string | null;
  /** Stored room events at the start (ids 1…n). */
  events?: NewRoomEvent[];
}

export interface FakeStudyServer {
  handlers: FakeHandlers;
  session: () => StudySessionView | null;
  events: () => PersistedRoomEvent[];
  stats: StudyStatsView;
  serverNow: () => number;
  /** What `sendMessage` should do next: store, or refuse like the rate limit. */
  rateLimited: boolean;
  /** `study.get` never answers (a slow server): the page must not wait for it. */
  stallReads: boolean;
  /** Pairs the waiting student with PARTNER (stores partnerJoined) and returns that event. */
  pair: () => PersistedRoomEvent;
  /** What `lobby.counts` answers: students studying, and waiting per length. */
  lobby: { studying: number; waiting: Partial<Record<25 | 50 | 90, number>> };
  /** Stores an event (next id) and returns it. */
  record: (event: NewRoomEvent) => PersistedRoomEvent;
  /** Changes the session the way the server would. */
  update: (change: Partial<StudySessionView>) => void;
}

export function createStudyServer(options: StudyServerOptions = {}): FakeStudyServer {
  const offset = options.clockOffsetMs ?? 0;
  const serverNow = (): number => Date.now() + offset;
  const log: PersistedRoomEvent[] = [];
  let session: StudySessionView | null = null;

  function record(event: NewRoomEvent): PersistedRoomEvent {
    const stored = { ...event, id: String(log.length + 1), at: iso(serverNow()) } as PersistedRoomEvent;
    log.push(stored);
    return stored;
  }

  function waiting(minutes: number, goal: string | null, id = SESSION_ID): StudySessionView {
    return {
      id,
      status: 'waiting',
      plannedMinutes: minutes,
      createdAt: iso(serverNow()),
      startedAt: null,
      endsAt: null,
      endedAt: null,
      endedBy: null,
      fiveMinuteNoticeSent: false,
      minutesStudied: 0,
      serverTime: iso(serverNow()),
      lastEventId: '0',
      me: seat({ goal }),
      partner: null,
    };
  }

  function pair(): PersistedRoomEvent {
    if (!session) throw new Error('nobody is waiting');
    const now = serverNow();
    session = {
      ...session,
      status: 'active',
      startedAt: iso(now),
      endsAt: iso(now + session.plannedMinutes * MINUTE),
      partner: seat({ ...PARTNER, goal: 'Linear algebra, chapter 3' }),
    };
    return record({ type: 'partnerJoined', ...PARTNER });
  }

  if (options.status) {
    session = waiting(options.minutes ?? 25, options.goal ?? null);
    if (options.status === 'active') pair();
  }
  for (const event of options.events ?? []) record(event);

  /** The session as the server would send it right now. */
  function view(): StudySessionView {
    if (!session) throw new FakeServerError('NOT_FOUND', 'Study session not found');
    return { ...session, serverTime: iso(serverNow()), lastEventId: String(log.length) };
  }
  const live = (): boolean => session?.status === 'waiting' || session?.status === 'active';

  const server: FakeStudyServer = {
    session: () => session && view(),
    events: () => [...log],
    stats: emptyStats(),
    serverNow,
    rateLimited: false,
    stallReads: false,
    lobby: { studying: 0, waiting: {} },
    pair,
    record,
    update: (change) => {
      if (session) session = { ...session, ...change };
    },
    handlers: {
      'study.current': () => (live() ? view() : null),
      'study.get': ({ sessionId }) => {
        if (server.stallReads) return new Promise<never>(() => {});
        if (session?.id !== sessionId) throw new FakeServerError('NOT_FOUND', 'Study session not found');
        return view();
      },
      'study.findPartner': ({ minutes, goal }) => {
        if (!live()) {
          // A search after an earlier session is a new session, as on the server.
          session = waiting(minutes, goal ?? null, session ? NEXT_SESSION_ID : SESSION_ID);
          log.length = 0;
        }
        return view();
      },
      'study.cancel': () => {
        if (session?.status === 'active')
          throw new FakeServerError('CONFLICT', 'A partner already joined: your session has started');
        if (session) session = { ...session, status: 'cancelled' };
        return { ok: true };
      },
      'study.history': ({ before, limit = 50 }) => {
        const upTo = before === undefined ? Infinity : Number(before);
        const older = log.filter((event) => Number(event.id) < upTo);
        const page = older.slice(-limit);
        const oldest = page[0] ? Number(page[0].id) : null;
        return { events: page, nextBefore: oldest !== null && oldest > 1 ? String(oldest) : null };
      },
      'study.sendMessage': ({ text }) => {
        if (server.rateLimited)
          throw new FakeServerError('TOO_MANY_REQUESTS', 'Slow down: at most 10 messages every 10 seconds');
        return record({
          type: 'message',
          authorId: testUser.id,
          authorName: testUser.username,
          text: text.trim(),
        });
      },
      'study.typing': () => ({ ok: true }),
      'study.endEarly': () => {
        if (session?.status !== 'active') throw new FakeServerError('BAD_REQUEST', 'This session is not running');
        const now = serverNow();
        const studied = Math.floor((now - Date.parse(session.startedAt ?? iso(now))) / MINUTE);
        session = {
          ...session,
          status: 'endedEarly',
          endedAt: iso(now),
          endedBy: testUser.id,
          minutesStudied: studied,
        };
        record({ type: 'endedEarly', userId: testUser.id, username: testUser.username });
        server.stats = { ...server.stats, quitSessions: server.stats.quitSessions + 1 };
        return view();
      },
      'study.checkIn': ({ result, note }) => {
        if (!session) throw new FakeServerError('NOT_FOUND', 'Study session not found');
        if (session.me.checkIn) throw new FakeServerError('CONFLICT', 'You already checked in for this session');
        session = {
          ...session,
          me: { ...session.me, checkIn: { result, note: note || null, at: iso(serverNow()) } },
        };
        server.stats = { ...server.stats, goals: { ...server.stats.goals, [result]: server.stats.goals[result] + 1 } };
        return view();
      },
      'study.stats': () => server.stats,
      'lobby.counts': () => ({
        studying: server.lobby.studying,
        waiting: ([25, 50, 90] as const).map((minutes) => ({ minutes, students: server.lobby.waiting[minutes] ?? 0 })),
      }),
    },
  };
  return server;
}

/** Pushes one item on the room's stream, tracked like the server does (`{ id, data }`). */
export function emitRoom(
  app: Pick<FakeApi, 'sockets'>,
  data: RoomEvent | { type: 'state'; session: StudySessionView },
) {
  const id = 'id' in data ? data.id : '0';
  app.sockets.emit('study.events', { id, data });
}

/** Pushes one item on the personal stream. */
export function emitUserEvent(app: Pick<FakeApi, 'sockets'>, data: UserEvent) {
  app.sockets.emit('account.events', { id: '', data });
}
