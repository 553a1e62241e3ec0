import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dueSlotOf,
  MAX_SLOTS_PER_SWEEP,
  ObjectId,
  trackDueSession,
  type CommandStartedEvent,
  type Database,
} from '@studysync/db';
import { signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { roomInput } from './support/rooms';
import { STUDY_ENV } from './support/study';
import { randomUUID } from 'node:crypto';

/** A command's filters (find, update, delete...), with the collection it ran on. */
function filtersOf(event: CommandStartedEvent): { collection: string; filter: unknown }[] {
  const command = event.command as Record<string, unknown>;
  const collection = String(command[event.commandName]);
  const list = (key: string, field: string) =>
    ((command[key] as Record<string, unknown>[] | undefined) ?? []).map((each) => ({
      collection,
      filter: each[field],
    }));
  switch (event.commandName) {
    case 'find':
      return [{ collection, filter: command['filter'] }];
    case 'update':
      return list('updates', 'q');
    case 'delete':
      return list('deletes', 'q');
    case 'findAndModify':
      return [{ collection, filter: command['query'] }];
    case 'count':
      return [{ collection, filter: command['query'] ?? {} }];
    case 'aggregate':
      return [{ collection, filter: command['pipeline'] }];
    default:
      return [];
  }
}

/** `{ _id: <a string or an ObjectId> }` and nothing else: the one filter FerretDB hands to SQLite. */
function byIdAlone(filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) return false;
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return false;
  const id: unknown = (filter as { _id: unknown })._id;
  return typeof id === 'string' || id instanceof ObjectId;
}

const cursors = (database: Database) => database.db.collection<{ _id: string; slot: number }>('dueBuckets');

const sweptCollections = new Set([
  'dueSessions',
  'presenceChecks',
  'openRooms',
  'dueBuckets',
  'studySessions',
  'locks',
]);

describe('sweeps read by _id', () => {
  let server: TestServer;
  let database: Database;
  const commands: CommandStartedEvent[] = [];
  beforeAll(async () => {
    // Minutes of a second: the sessions below are under way, nothing of theirs due yet. The
    // sweeps run when the test says so.
    const env = {
      ...STUDY_ENV,
      STUDY_MINUTE_MS: '1000',
      STUDY_WAITING_GRACE_MS: '600000',
      SWEEP_INTERVAL_MS: '600000',
    };
    server = await startTestServer({ env, onCommand: (event) => commands.push(event) });
    database = await openTestDatabase(server.dbName);
  });
  afterAll(async () => {
    await database.client.close();
    await server.close();
  });

  it('an idle sweep of due sessions, presence checks and rooms sends only reads and writes by _id', async () => {
    for (const pair of ['a', 'b', 'c']) {
      const first = await signedUpStudent(server.url, `${pair}1`);
      const second = await signedUpStudent(server.url, `${pair}2`);
      await first.api.study.findPartner.mutate({ minutes: 90 });
      await second.api.study.findPartner.mutate({ minutes: 90 });
    }
    const host = await signedUpStudent(server.url, 'host');
    await host.api.rooms.create.mutate(roomInput());
    // Something is tracked, so a scan would have something to read.
    expect(await database.db.collection('dueSessions').countDocuments()).toBe(3);
    expect(await database.db.collection('presenceChecks').countDocuments()).toBeGreaterThan(0);
    expect(await database.db.collection('openRooms').countDocuments()).toBe(1);

    commands.length = 0;
    await server.jobs.runNow('study-sweep');
    await server.jobs.runNow('presence-sweep');
    await server.jobs.runNow('rooms-sweep');
    const filters = commands.flatMap(filtersOf).filter((each) => sweptCollections.has(each.collection));
    // The sweeps did read (the buckets of the slots since their cursor), all by `_id`.
    expect(filters.filter((each) => each.collection === 'dueBuckets').length).toBeGreaterThan(0);
    expect(filters.filter((each) => !byIdAlone(each.filter))).toEqual([]);
    // The one other read: which servers went silent (one document per running server).
    const others = commands.flatMap(filtersOf).filter((each) => !sweptCollections.has(each.collection));
    expect([...new Set(others.map((each) => each.collection))].every((name) => name === 'serverInstances')).toBe(true);
  });
});

describe('due moments the cursor is far from', () => {
  let server: TestServer;
  let database: Database;
  beforeAll(async () => {
    server = await startTestServer({ env: { ...STUDY_ENV, SWEEP_INTERVAL_MS: '600000' } });
    database = await openTestDatabase(server.dbName);
  });
  afterAll(async () => {
    await database.client.close();
    await server.close();
  });

  /** A session whose completion was claimed by a server that died before wrapping it up. */
  async function completionCutShort(name: string) {
    const ada = await signedUpStudent(server.url, `${name}a`);
    const ben = await signedUpStudent(server.url, `${name}b`);
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const active = await ben.api.study.findPartner.mutate({ minutes: 90 });
    const _id = new ObjectId(active.id);
    await database.db.collection('studySessions').updateOne({ _id }, { $set: { status: 'completed' } });
    const completed = async () =>
      (await ada.api.study.history.query({ sessionId: active.id })).events.filter((event) => event.type === 'completed')
        .length;
    return { _id, completed };
  }

  it('a moment noted long before the cursor (written late) is handled by the next sweep, once', async () => {
    await server.jobs.runNow('study-sweep');
    const { _id, completed } = await completionCutShort('late');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await trackDueSession(database.db, { _id, warnAt: anHourAgo, endsAt: anHourAgo });
    await server.jobs.runNow('study-sweep');
    expect(await completed()).toBe(1);
    await server.jobs.runNow('study-sweep');
    expect(await completed()).toBe(1);
    expect(await database.db.collection('dueSessions').countDocuments({ _id })).toBe(0);
  });

  it('a cursor left far behind (downtime) jumps the empty stretch to what waits, and loses nothing due', async () => {
    const { _id, completed } = await completionCutShort('behind');
    await trackDueSession(database.db, { _id, warnAt: new Date(), endsAt: new Date() });
    // As if the servers had been down for three sweeps' worth of slots and more.
    const start = dueSlotOf(new Date()) - 3 * MAX_SLOTS_PER_SWEEP - 5;
    await cursors(database).updateOne({ _id: 'cursor:session' }, { $set: { slot: start } });
    // One sweep: walking three sweeps' worth of empty slots one by one would take several.
    await server.jobs.runNow('study-sweep');
    expect(await completed()).toBe(1);
    const moved = (await cursors(database).findOne({ _id: 'cursor:session' }))?.slot ?? start;
    expect(moved).toBeGreaterThan(start + 3 * MAX_SLOTS_PER_SWEEP);
    await server.jobs.runNow('study-sweep');
    expect(await completed()).toBe(1);
    // Swept slots leave no buckets behind: only those after the cursor remain.
    const cursor = (await cursors(database).findOne({ _id: 'cursor:session' }))?.slot ?? 0;
    const left = await cursors(database)
      .find({ _id: { $regex: '^session:' } })
      .toArray();
    expect(left.filter((bucket) => Number(bucket._id.split(':')[1]) <= cursor)).toEqual([]);
  });
});

describe('presence checks across a restart', () => {
  it("a waiting request with no stream behind it is let go by the next server, though the first one's timer died with it", async () => {
    const env = { ...STUDY_ENV, STUDY_WAITING_GRACE_MS: '1500' };
    const dbName = `presence_${randomUUID().slice(0, 8)}`;
    const before = await startTestServer({ env, dbName });
    const ada = await signedUpStudent(before.url, 'ada');
    const waiting = await ada.api.study.findPartner.mutate({ minutes: 25 });
    await before.close(); // its timer for the check goes with it
    const after = await startTestServer({ env, dbName });
    const database = await openTestDatabase(dbName);
    try {
      const sessions = database.db.collection<{ _id: ObjectId; status: string }>('studySessions');
      await expect
        .poll(async () => (await sessions.findOne({ _id: new ObjectId(waiting.id) }))?.status, { timeout: 10_000 })
        .toBe('cancelled');
      await expect.poll(() => database.db.collection('liveSeats').countDocuments()).toBe(0);
      await expect.poll(() => database.db.collection('presenceChecks').countDocuments()).toBe(0);
    } finally {
      await database.client.close();
      await after.close();
    }
  });
});

describe('pairing claims', () => {
  let server: TestServer;
  let database: Database;
  beforeAll(async () => {
    server = await startTestServer({ env: STUDY_ENV });
    database = await openTestDatabase(server.dbName);
  });
  afterAll(async () => {
    await database.client.close();
    await server.close();
  });

  const claimOf = (sessionId: string) =>
    database.db.collection<{ _id: string }>('matchTickets').findOne({ _id: `claim:${sessionId}` });

  it('are gone once sessions are over (completed, ended early, withdrawn), and pairing and the lobby carry on', async () => {
    const [ada, ben, cyd, dan, eve, fay, gus] = await Promise.all(
      ['ada', 'ben', 'cyd', 'dan', 'eve', 'fay', 'gus'].map((name) => signedUpStudent(server.url, name)),
    );
    if (!ada || !ben || !cyd || !dan || !eve || !fay || !gus) throw new Error('students missing');
    // Completed: 25 minutes are 2 s here.
    await ada.api.study.findPartner.mutate({ minutes: 25 });
    const completed = await ben.api.study.findPartner.mutate({ minutes: 25 });
    expect(await claimOf(completed.id)).not.toBeNull();
    // Ended early.
    await cyd.api.study.findPartner.mutate({ minutes: 50 });
    const ended = await dan.api.study.findPartner.mutate({ minutes: 50 });
    await cyd.api.study.endEarly.mutate({ sessionId: ended.id });
    // Withdrawn: the next slot of 25 minutes.
    const withdrawn = await eve.api.study.findPartner.mutate({ minutes: 25 });
    await eve.api.study.cancel.mutate();

    await expect
      .poll(async () => (await ada.api.study.get.query({ sessionId: completed.id })).status, { timeout: 10_000 })
      .toBe('completed');
    await expect.poll(() => claimOf(completed.id)).toBeNull();
    await expect.poll(() => claimOf(ended.id)).toBeNull();
    expect(await claimOf(withdrawn.id)).toBeNull();

    // Nobody waits, though the used slots' claims are gone.
    await expect
      .poll(async () => (await fay.api.lobby.counts.query()).waiting, { timeout: 10_000 })
      .toEqual([
        { minutes: 25, students: 0 },
        { minutes: 50, students: 0 },
        { minutes: 90, students: 0 },
      ]);
    // The line walks past the withdrawn slot (its claim taken again, found over, and forgotten).
    const waiting = await fay.api.study.findPartner.mutate({ minutes: 25 });
    const paired = await gus.api.study.findPartner.mutate({ minutes: 25 });
    expect(paired.id).toBe(waiting.id);
    expect(paired.status).toBe('active');
    expect(await claimOf(withdrawn.id)).toBeNull();
    await fay.api.study.endEarly.mutate({ sessionId: paired.id });
    await expect.poll(() => claimOf(paired.id)).toBeNull();
  });
});
