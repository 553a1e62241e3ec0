import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, ReportDoc } from '@studysync/db';
import { errorOf, signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openRoomStream, STUDY_ENV } from './support/study';

// A study minute of one second: a 25-minute session runs long enough to chat and report.
const ENV = { ...STUDY_ENV, STUDY_MINUTE_MS: '1000' };

let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: ENV });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

const reports = () => database.db.collection<ReportDoc>('reports');
const scrape = async () => (await fetch(`${server.metricsUrl}/metrics`)).text();
const fieldErrorsOf = async (call: Promise<unknown>) => {
  const error = await errorOf(call);
  return { code: error.data?.code, fields: error.data?.fieldErrors };
};

async function chattingPair() {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 25 });
  const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 25 });
  const streams = [openRoomStream(ada, { sessionId }), openRoomStream(ben, { sessionId })];
  for (const stream of streams) await stream.waitFor('state');
  // Twelve messages, taking turns (each stays under the chat's rate limit).
  const sent = [];
  for (let i = 1; i <= 12; i += 1) {
    const author = i % 2 === 0 ? ada : ben;
    sent.push(await author.api.study.sendMessage.mutate({ sessionId, text: `message ${i}` }));
  }
  return { ada, ben, sessionId, sent, stop: () => streams.forEach((stream) => stream.stop()) };
}

describe('reporting in a partner session', () => {
  it('stores a message report with its evidence once, and counts it once on /metrics', async () => {
    const { ada, ben, sessionId, sent, stop } = await chattingPair();
    const reported = sent[10]; // "message 11", Ben's
    if (!reported) throw new Error('message missing');
    const target = { kind: 'message' as const, roomId: sessionId, messageId: reported.id };
    const before = await scrape();
    expect(before).not.toContain('studysync_reports_total{reason="harassment",kind="message"}');

    expect(await ada.api.safety.report.mutate({ target, reason: 'harassment' })).toEqual({
      ok: true,
      duplicate: false,
    });
    expect(await ada.api.safety.report.mutate({ target, reason: 'spam', text: 'again' })).toEqual({
      ok: true,
      duplicate: true,
    });

    const stored = await reports()
      .find({ reporterId: { $exists: true } })
      .toArray();
    const mine = stored.filter((report) => report.reporterName === ada.user.username);
    expect(mine).toHaveLength(1);
    const report = mine[0];
    expect(report).toMatchObject({
      _id: `${ada.user.id}:message:${sessionId}:${reported.id}`,
      kind: 'message',
      roomKind: 'partner',
      reporterName: ada.user.username,
      targetName: ben.user.username,
      reason: 'harassment',
      text: null,
      evidence: { message: { text: 'message 11', authorName: ben.user.username } },
    });
    expect(report?.targetUserId.toHexString()).toBe(ben.user.id);
    expect(report?.roomId.toHexString()).toBe(sessionId);
    // The ten messages before it, oldest first.
    expect(report?.evidence.before.map((message) => message.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `message ${i + 1}`),
    );
    const after = await scrape();
    expect(after).toContain('studysync_reports_total{reason="harassment",kind="message"} 1');
    expect(after).not.toContain('reason="spam"');
    stop();
  });

  it('reports a member, with the latest messages as evidence, once per reporter', async () => {
    const { ada, ben, sessionId, stop } = await chattingPair();
    const target = { kind: 'member' as const, roomId: sessionId, userId: ada.user.id };
    const first = await ben.api.safety.report.mutate({ target, reason: 'other', text: 'Keeps sending links' });
    expect(first).toEqual({ ok: true, duplicate: false });
    expect((await ben.api.safety.report.mutate({ target, reason: 'spam' })).duplicate).toBe(true);
    const report = await reports().findOne({ _id: `${ben.user.id}:member:${ada.user.id}` });
    expect(report).toMatchObject({
      kind: 'member',
      targetName: ada.user.username,
      reason: 'other',
      text: 'Keeps sending links',
      evidence: { message: null },
    });
    expect(report?.evidence.before.map((message) => message.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `message ${i + 3}`),
    );
    expect(await scrape()).toContain('studysync_reports_total{reason="other",kind="member"} 1');
    stop();
  });

  it('tells someone outside the room nothing, and refuses bad input naming the field, writing nothing', async () => {
    const { ada, ben, sessionId, sent, stop } = await chattingPair();
    const outsider = await signedUpStudent(server.url, 'out');
    const bensMessage = sent[0]?.id ?? '';
    const adasMessage = sent[1]?.id ?? '';
    const count = () => reports().countDocuments({});
    const countBefore = await count();

    const outside = await errorOf(
      outsider.api.safety.report.mutate({
        target: { kind: 'message', roomId: sessionId, messageId: bensMessage },
        reason: 'spam',
      }),
    );
    expect(outside.data?.code).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          outsider.api.safety.report.mutate({
            target: { kind: 'member', roomId: sessionId, userId: ben.user.id },
            reason: 'spam',
          }),
        )
      ).data?.code,
    ).toBe('NOT_FOUND');

    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'member', roomId: sessionId, userId: ben.user.id },
          reason: 'other',
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { text: ['Say what happened'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'member', roomId: sessionId, userId: ben.user.id },
          reason: 'other',
          text: 'x'.repeat(1001),
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { text: ['Keep it to 1000 characters'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'message', roomId: sessionId, messageId: 'one' },
          reason: 'spam',
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { 'target.messageId': ['Not a valid message id'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'message', roomId: sessionId, messageId: bensMessage },
          reason: 'rude' as 'spam',
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { reason: ['Choose spam, harassment or other'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'message', roomId: sessionId, messageId: adasMessage },
          reason: 'spam',
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { 'target.messageId': ['You cannot report your own message'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'member', roomId: sessionId, userId: ada.user.id },
          reason: 'spam',
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { 'target.userId': ['You cannot report yourself'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'member', roomId: sessionId, userId: outsider.user.id },
          reason: 'spam',
        }),
      ),
    ).toEqual({ code: 'NOT_FOUND', fields: { 'target.userId': ['No such member in this room'] } });
    expect(
      await fieldErrorsOf(
        ada.api.safety.report.mutate({
          target: { kind: 'message', roomId: sessionId, messageId: '9999' },
          reason: 'spam',
        }),
      ),
    ).toEqual({ code: 'NOT_FOUND', fields: { 'target.messageId': ['Message not found'] } });
    expect(await count()).toBe(countBefore);
    stop();
  });
});
