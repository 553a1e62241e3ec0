import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@studysync/db';
import { errorOf, signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { MINUTE, openRoomEvents, ROOM_ENV, roomInput, SHORT_CYCLE, TestClock, waitAllHere } from './support/rooms';

const clock = new TestClock();
let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: ROOM_ENV, now: clock.now });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

describe('private rooms', () => {
  it('are invisible and unreachable without the code, joinable with it, not after rotation or revocation', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const created = await host.api.rooms.create.mutate(roomInput({ name: 'Secret study', visibility: 'private' }));
    const code = created.inviteCode ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(created.inviteActive).toBe(true);
    const roomId = created.id;
    const stored = await database.db.collection('rooms').findOne({ name: 'Secret study' });
    expect(JSON.stringify(stored)).not.toContain(code);

    const ada = await signedUpStudent(server.url, 'ada');
    expect((await ada.api.rooms.directory.query()).map((room) => room.id)).not.toContain(roomId);
    const missing = await errorOf(ada.api.rooms.get.query({ roomId: 'a'.repeat(24) }));
    const hidden = await errorOf(ada.api.rooms.get.query({ roomId }));
    const wrongCode = await errorOf(ada.api.rooms.join.mutate({ roomId, code: 'x'.repeat(24) }));
    // Indistinguishable from a room that does not exist.
    for (const error of [hidden, wrongCode]) {
      expect(error.data?.code).toBe('NOT_FOUND');
      expect(error.message).toBe(missing.message);
    }
    expect((await ada.api.rooms.get.query({ roomId, code })).name).toBe('Secret study');
    const joined = await ada.api.rooms.join.mutate({ roomId, code });
    expect(joined.me.member).toBe(true);
    // A member needs no code any more.
    expect((await ada.api.rooms.get.query({ roomId })).occupancy).toBe(2);

    const ben = await signedUpStudent(server.url, 'ben');
    const { inviteCode: rotated } = await host.api.rooms.rotateInvite.mutate({ roomId });
    expect(rotated).not.toBe(code);
    expect((await errorOf(ben.api.rooms.join.mutate({ roomId, code }))).data?.code).toBe('NOT_FOUND');
    await ben.api.rooms.join.mutate({ roomId, code: rotated });

    const cy = await signedUpStudent(server.url, 'cy');
    await host.api.rooms.revokeInvite.mutate({ roomId });
    expect((await errorOf(cy.api.rooms.join.mutate({ roomId, code: rotated }))).data?.code).toBe('NOT_FOUND');
    expect((await host.api.rooms.get.query({ roomId })).inviteActive).toBe(false);
  });
});

describe('host tools', () => {
  it('only the host starts, skips, ends, mutes and removes; a muted member reads but cannot send', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    await ada.api.rooms.join.mutate({ roomId });
    await ben.api.rooms.join.mutate({ roomId });
    const target = { roomId, userId: ben.user.id };
    for (const call of [
      ada.api.rooms.startRun.mutate({ roomId }),
      ada.api.rooms.skipBreak.mutate({ roomId }),
      ada.api.rooms.endRun.mutate({ roomId }),
      ada.api.rooms.rotateInvite.mutate({ roomId }),
      ada.api.rooms.mute.mutate(target),
      ada.api.rooms.remove.mutate(target),
    ]) {
      expect((await errorOf(call)).data?.code).toBe('FORBIDDEN');
    }
    expect((await ada.api.rooms.get.query({ roomId })).run).toBeNull();

    const benStream = openRoomEvents(ben, { roomId });
    await benStream.waitFor('state');
    await host.api.rooms.mute.mutate(target);
    const muted = await errorOf(ben.api.rooms.sendMessage.mutate({ roomId, text: 'hello?' }));
    expect(muted.data?.code).toBe('FORBIDDEN');
    expect(muted.message).toBe('The host muted you');
    await ada.api.rooms.sendMessage.mutate({ roomId, text: 'Ben still reads this' });
    await benStream.waitFor('message');
    await host.api.rooms.unmute.mutate(target);
    await ben.api.rooms.sendMessage.mutate({ roomId, text: 'back' });

    await host.api.rooms.startRun.mutate({ roomId });
    const removed = await host.api.rooms.remove.mutate(target);
    expect(removed.members.map((member) => member.userId)).not.toContain(ben.user.id);
    await benStream.waitFor('memberRemoved');
    await expect.poll(benStream.ended).toBe(true);
    const again = await errorOf(ben.api.rooms.join.mutate({ roomId }));
    expect(again.data?.code).toBe('FORBIDDEN');
    expect(await ben.api.rooms.current.query()).toBeNull();
    // Removed from this run only: the next run lets them back.
    await host.api.rooms.endRun.mutate({ roomId });
    await host.api.rooms.startRun.mutate({ roomId });
    expect((await ben.api.rooms.join.mutate({ roomId })).me.member).toBe(true);
  });

  it('a leaving host hands the room to the member there longest', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const first = await signedUpStudent(server.url, 'first');
    const second = await signedUpStudent(server.url, 'second');
    await first.api.rooms.join.mutate({ roomId });
    await second.api.rooms.join.mutate({ roomId });
    await host.api.rooms.leave.mutate({ roomId });
    const room = await second.api.rooms.get.query({ roomId });
    expect(room.host.userId).toBe(first.user.id);
    await first.api.rooms.startRun.mutate({ roomId });
    expect((await errorOf(host.api.rooms.endRun.mutate({ roomId }))).data?.code).toBe('FORBIDDEN');
  });
});

describe('input', () => {
  it('names the bad field and writes nothing', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const before = await database.db.collection('rooms').countDocuments();
    const tooBig = await errorOf(host.api.rooms.create.mutate(roomInput({ capacity: 51 })));
    expect(tooBig.data?.code).toBe('BAD_REQUEST');
    expect(tooBig.data?.fieldErrors).toHaveProperty('capacity');
    const badCycle = await errorOf(
      host.api.rooms.create.mutate(roomInput({ cycle: { ...SHORT_CYCLE, focusMinutes: 5 } })),
    );
    expect(badCycle.data?.fieldErrors).toHaveProperty(['cycle.focusMinutes']);
    const noName = await errorOf(host.api.rooms.create.mutate(roomInput({ name: '  ' })));
    expect(noName.data?.fieldErrors).toHaveProperty('name');
    expect(await database.db.collection('rooms').countDocuments()).toBe(before);
    expect(await host.api.rooms.current.query()).toBeNull();

    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const ada = await signedUpStudent(server.url, 'ada');
    const badSubtask = await errorOf(
      ada.api.rooms.join.mutate({ roomId, subtask: { assessmentId: 'b'.repeat(24), subtaskId: 'c'.repeat(24) } }),
    );
    expect(badSubtask.data?.fieldErrors).toHaveProperty('subtask');
    expect((await host.api.rooms.get.query({ roomId })).occupancy).toBe(1);
    expect(await ada.api.rooms.current.query()).toBeNull();
  });
});

describe('chat waits for the break when the room says so', () => {
  it('refuses during focus and opens in the break', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(
      roomInput({ cycle: { ...SHORT_CYCLE, chatDuringFocus: false } }),
    );
    const stream = openRoomEvents(host, { roomId });
    await waitAllHere(host, roomId, 1);
    // Before any run there is no focus: chat is open.
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'hi all' });
    const running = await host.api.rooms.startRun.mutate({ roomId });
    expect(running.chatOpen).toBe(false);
    const refused = await errorOf(host.api.rooms.sendMessage.mutate({ roomId, text: 'psst' }));
    expect(refused.data?.code).toBe('PRECONDITION_FAILED');
    expect(refused.message).toBe('Chat opens in the break');
    clock.advance(10 * MINUTE);
    await stream.waitFor('phaseChanged');
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'break time' });
    // Skipping the break brings focus, and the quiet, back at once.
    await host.api.rooms.skipBreak.mutate({ roomId });
    await stream.waitFor('phaseChanged', 2);
    expect(stream.ofType('phaseChanged')[1]).toMatchObject({ kind: 'focus', block: 2 });
    expect((await errorOf(host.api.rooms.sendMessage.mutate({ roomId, text: 'x' }))).data?.code).toBe(
      'PRECONDITION_FAILED',
    );
    stream.stop();
  });
});

describe('one live thing per student', () => {
  it('a room member cannot look for a partner, and a student in a partner session cannot join a room', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput({ name: 'Organic chem' }));
    const inRoom = await errorOf(host.api.study.findPartner.mutate({ minutes: 25 }));
    expect(inRoom.data?.code).toBe('CONFLICT');
    expect(inRoom.message).toBe('You are in the room Organic chem: leave it first');
    expect((await host.api.rooms.current.query())?.id).toBe(roomId);

    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 25 });
    const waiting = await errorOf(ada.api.rooms.join.mutate({ roomId }));
    expect(waiting.message).toBe('You are looking for a partner: stop looking first');
    await ben.api.study.findPartner.mutate({ minutes: 25 });
    const paired = await errorOf(ben.api.rooms.join.mutate({ roomId }));
    expect(paired.data?.code).toBe('CONFLICT');
    expect(paired.message).toBe('You are in a partner session: end it first');
    expect((await host.api.rooms.get.query({ roomId })).occupancy).toBe(1);

    // Leaving the room frees the student for a partner, and another room.
    await host.api.rooms.leave.mutate({ roomId });
    expect(await host.api.rooms.current.query()).toBeNull();
    expect((await host.api.study.findPartner.mutate({ minutes: 50 })).status).toBe('waiting');
    await host.api.study.cancel.mutate();
    const other = await signedUpStudent(server.url, 'other');
    const { id: secondId } = await other.api.rooms.create.mutate(roomInput({ name: 'Second' }));
    await host.api.rooms.join.mutate({ roomId: secondId });
    const twoRooms = await errorOf(other.api.rooms.join.mutate({ roomId }));
    expect(twoRooms.message).toBe('You are in the room Second: leave it first');
  });
});
