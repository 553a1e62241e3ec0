import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, signedUpStudent, studentClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/process';
import { roomInput, ROOM_ENV } from './support/rooms';
import { startTestServer, type TestServer } from './support/server';

type Student = Awaited<ReturnType<typeof signedUpStudent>>;

/** 50 students join a room of 10 together: exactly 10 get in, the other 40 are told it is full. */
async function rush(host: Student, joiners: readonly Student[], roomId: string, where: string) {
  const started = Date.now();
  const outcomes = await Promise.allSettled(joiners.map((student) => student.api.rooms.join.mutate({ roomId })));
  const joined = outcomes.filter((outcome) => outcome.status === 'fulfilled');
  const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  console.info(`50 joins into a room of 10 ${where}: ${Date.now() - started} ms`);
  expect(joined).toHaveLength(9);
  expect(refused).toHaveLength(joiners.length - 9);
  for (const error of refused)
    expect(error).toMatchObject({ message: 'This room is full', data: { code: 'CONFLICT' } });
  const room = await host.api.rooms.get.query({ roomId });
  expect(room.occupancy).toBe(10);
  expect(new Set(room.members.map((member) => member.userId)).size).toBe(10);
  // Those refused hold no live seat: each can still join another room.
  const other = await host.api.rooms.create.mutate(roomInput({ name: 'Overflow', capacity: 50 }));
  const refusedStudents = joiners.filter((_, i) => outcomes[i]?.status === 'rejected');
  const second = await Promise.allSettled(refusedStudents.map((s) => s.api.rooms.join.mutate({ roomId: other.id })));
  expect(second.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(refusedStudents.length);
}

describe('joining is atomic against capacity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: ROOM_ENV });
  });
  afterAll(async () => {
    await server.close();
  });

  it('on one server: 50 joining a room of 10 give exactly 10 members and 40 "This room is full"', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput({ capacity: 10 }));
    const joiners = await Promise.all(Array.from({ length: 50 }, () => signedUpStudent(server.url, 'j')));
    await rush(await hostElsewhere(server.url, host, roomId), joiners, roomId, 'on one server');
  });
});

/** A second host for the overflow room (the first host is in the full room). */
async function hostElsewhere(url: string, host: Student, roomId: string): Promise<Student> {
  // The full room's members list is visible to any signed-in student of a public room.
  const viewer = await signedUpStudent(url, 'view');
  expect((await viewer.api.rooms.get.query({ roomId })).host.userId).toBe(host.user.id);
  return viewer;
}

describe('on two server processes sharing one database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    const dbName = `rooms_${randomUUID().slice(0, 8)}`;
    // Fifty sign-ups from one address, quickly: a cheap hash, no sign-up cap (as startTestServer does).
    const env = { ...ROOM_ENV, SCRYPT_LOG2_COST: '10', SIGNUPS_PER_ADDRESS_PER_HOUR: '100000' };
    a = await startServerProcess(dbName, env);
    b = await startServerProcess(dbName, env);
  });
  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGTERM');
    await Promise.all([a, b].map((server) => server?.exited));
  });

  it('50 joining a room of 10, half through each server, still give exactly 10', async () => {
    const host = await signedUpStudent(a.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput({ capacity: 10 }));
    const joiners = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const student = await signedUpStudent(a.url, 'j');
        // The same sign-in, on the other server for every second student.
        if (i % 2 === 0) return student;
        return { ...student, ...studentClient(b.url, { cookie: student.cookie() ?? '' }) };
      }),
    );
    await rush(await hostElsewhere(b.url, host, roomId), joiners, roomId, 'over two servers');
    const [refusal] = await errorsOf([joiners[0]!.api.rooms.join.mutate({ roomId: 'f'.repeat(24) })]);
    expect(refusal?.data?.code).toBe('NOT_FOUND');
  });
});
