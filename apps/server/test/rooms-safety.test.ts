import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { openRoomEvents, ROOM_ENV, roomInput, waitAllHere } from './support/rooms';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: ROOM_ENV });
});
afterAll(async () => {
  await server.close();
});

describe('safety in study rooms', () => {
  it('a blocked member’s messages are hidden from the blocker, live and in history; members can be reported', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const ada = await signedUpStudent(server.url, 'ada');
    const troll = await signedUpStudent(server.url, 'troll');
    for (const student of [ada, troll]) await student.api.rooms.join.mutate({ roomId });
    await ada.api.safety.block.mutate({ userId: troll.user.id });
    const adaStream = openRoomEvents(ada, { roomId });
    const hostStream = openRoomEvents(host, { roomId });
    await waitAllHere(host, roomId, 2);

    const spam = await troll.api.rooms.sendMessage.mutate({ roomId, text: 'buy my notes' });
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'welcome' });
    await adaStream.waitFor('message');
    await hostStream.waitFor('message', 2);
    expect(adaStream.ofType('message').map((event) => event['text'])).toEqual(['welcome']);
    const adaHistory = await ada.api.rooms.history.query({ roomId });
    expect(
      adaHistory.events.filter((event) => event.type === 'message').map((e) => e.type === 'message' && e.text),
    ).toEqual(['welcome']);

    // Reports reach rooms through the safety domain's room lookup: members only.
    const target = { kind: 'message' as const, roomId, messageId: spam.id };
    expect(await host.api.safety.report.mutate({ target, reason: 'spam' })).toEqual({ ok: true, duplicate: false });
    const member = { kind: 'member' as const, roomId, userId: troll.user.id };
    expect(await host.api.safety.report.mutate({ target: member, reason: 'harassment' })).toMatchObject({ ok: true });
    const outsider = await signedUpStudent(server.url, 'out');
    expect((await errorOf(outsider.api.safety.report.mutate({ target, reason: 'spam' }))).data?.code).toBe('NOT_FOUND');
    adaStream.stop();
    hostStream.stop();
  });
});
