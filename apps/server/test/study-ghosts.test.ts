import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { openRoomStream, STUDY_ENV } from './support/study';

/** A waiting request, or a matched partner, with no stream behind it is let go after this long. */
const WAITING_GRACE = { ...STUDY_ENV, STUDY_WAITING_GRACE_MS: '400' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: WAITING_GRACE });
});
afterAll(async () => {
  await server.close();
});

describe('a student who asked for a partner and left', () => {
  it('is taken out of the queue when their stream closes: the next student waits instead of pairing with them', async () => {
    const ghost = await signedUpStudent(server.url, 'gone');
    const next = await signedUpStudent(server.url, 'next');
    const waiting = await ghost.api.study.findPartner.mutate({ minutes: 50 });
    const room = openRoomStream(ghost, { sessionId: waiting.id });
    await room.waitFor('state');
    room.stop(); // the browser closed

    await expect.poll(() => ghost.api.study.current.query(), { timeout: 10_000, interval: 50 }).toBeNull();
    const mine = await next.api.study.findPartner.mutate({ minutes: 50 });
    expect(mine).toMatchObject({ status: 'waiting', partner: null });
    expect(mine.id).not.toBe(waiting.id);
    await expect(ghost.api.study.get.query({ sessionId: waiting.id })).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('is taken out of the queue when no stream ever opened for the request', async () => {
    const ghost = await signedUpStudent(server.url, 'never');
    const next = await signedUpStudent(server.url, 'later');
    await ghost.api.study.findPartner.mutate({ minutes: 25 });

    await expect.poll(() => ghost.api.study.current.query(), { timeout: 10_000, interval: 50 }).toBeNull();
    expect(await next.api.study.findPartner.mutate({ minutes: 25 })).toMatchObject({ status: 'waiting' });
  });

  it('while a stream is open the request stays, however long it waits', async () => {
    const patient = await signedUpStudent(server.url, 'patient');
    const partner = await signedUpStudent(server.url, 'partner');
    const waiting = await patient.api.study.findPartner.mutate({ minutes: 90 });
    const room = openRoomStream(patient, { sessionId: waiting.id });
    await room.waitFor('state');
    // Several grace periods pass, and every sweep runs meanwhile.
    for (let run = 0; run < 4; run++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await server.jobs.runNow('presence-sweep');
    }
    expect(await patient.api.study.current.query()).toMatchObject({ id: waiting.id, status: 'waiting' });
    expect(await partner.api.study.findPartner.mutate({ minutes: 90 })).toMatchObject({
      id: waiting.id,
      status: 'active',
    });
    room.stop();
  });
});

describe('a matched partner who never arrives', () => {
  // A server of its own, so no request left waiting above can be paired here.
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer({ env: WAITING_GRACE });
  });
  afterAll(async () => {
    await own.close();
  });

  it('ends the session for the one who is there, who is told and can look for a partner again at once', async () => {
    const present = await signedUpStudent(own.url, 'here');
    const absent = await signedUpStudent(own.url, 'absent');
    const third = await signedUpStudent(own.url, 'third');
    const waiting = await present.api.study.findPartner.mutate({ minutes: 50 });
    const room = openRoomStream(present, { sessionId: waiting.id });
    await room.waitFor('state');
    // Asked, was paired, and closed the page before the study page ever opened its stream.
    const active = await absent.api.study.findPartner.mutate({ minutes: 50 });
    expect(active).toMatchObject({ id: waiting.id, status: 'active' });

    await room.waitFor('partnerMissing');
    expect(room.ofType('partnerMissing')[0]).toMatchObject({
      userId: absent.user.id,
      username: absent.user.username,
    });
    expect(await present.api.study.current.query()).toBeNull();
    expect(await absent.api.study.current.query()).toBeNull();
    expect(await present.api.study.get.query({ sessionId: active.id })).toMatchObject({ status: 'cancelled' });
    // Nothing is counted for a session that never happened.
    expect(await present.api.study.stats.query()).toMatchObject({ completedSessions: 0, totalMinutes: 0 });

    const again = await present.api.study.findPartner.mutate({ minutes: 50 });
    expect(again).toMatchObject({ status: 'waiting' });
    const again2 = openRoomStream(present, { sessionId: again.id });
    await again2.waitFor('state');
    expect(await third.api.study.findPartner.mutate({ minutes: 50 })).toMatchObject({
      id: again.id,
      status: 'active',
      partner: { username: present.user.username },
    });
    room.stop();
    again2.stop();
  });
});
