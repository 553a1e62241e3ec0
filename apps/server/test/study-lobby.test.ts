import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { openUserStream, STUDY_ENV } from './support/study';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: STUDY_ENV });
});
afterAll(async () => {
  await server.close();
});

describe("the student's other tabs follow a search", () => {
  it('tells the personal stream when a search starts and when it is cancelled, and no one else', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const other = await signedUpStudent(server.url, 'oth');
    const inbox = openUserStream(ada);
    const otherInbox = openUserStream(other);
    await expect.poll(() => inbox.events.length).toBe(1); // hello
    await expect.poll(() => otherInbox.events.length).toBe(1);

    const waiting = await ada.api.study.findPartner.mutate({ minutes: 50 });
    await expect
      .poll(() => inbox.events.filter((event) => event.type === 'searchChanged'))
      .toEqual([{ type: 'searchChanged', sessionId: waiting.id, minutes: 50 }]);

    await ada.api.study.cancel.mutate();
    await expect
      .poll(() => inbox.events.filter((event) => event.type === 'searchChanged').at(-1))
      .toEqual({ type: 'searchChanged', sessionId: null, minutes: null });
    expect(otherInbox.events.map((event) => event.type)).toEqual(['hello']);
    inbox.stop();
    otherInbox.stop();
  });
});

describe('lobby counts', () => {
  it('says how many wait for each length and how many study now', async () => {
    const [ada, ben, cy] = await Promise.all(['ada', 'ben', 'cyd'].map((name) => signedUpStudent(server.url, name)));
    if (!ada || !ben || !cy) throw new Error('students missing');
    // Counts are cached for a moment on each server: poll until they catch up.
    await expect
      .poll(() => ada.api.lobby.counts.query(), { timeout: 10_000 })
      .toEqual({
        studying: 0,
        waiting: [
          { minutes: 25, students: 0 },
          { minutes: 50, students: 0 },
          { minutes: 90, students: 0 },
        ],
      });

    await ada.api.study.findPartner.mutate({ minutes: 90 });
    await expect
      .poll(async () => (await ben.api.lobby.counts.query()).waiting, { timeout: 10_000 })
      .toContainEqual({ minutes: 90, students: 1 });

    await ben.api.study.findPartner.mutate({ minutes: 90 });
    await cy.api.study.findPartner.mutate({ minutes: 25 });
    await expect
      .poll(() => cy.api.lobby.counts.query(), { timeout: 10_000 })
      .toEqual({
        studying: 2,
        waiting: [
          { minutes: 25, students: 1 },
          { minutes: 50, students: 0 },
          { minutes: 90, students: 0 },
        ],
      });
  });
});
