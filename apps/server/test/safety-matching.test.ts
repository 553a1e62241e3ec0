import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { STUDY_ENV } from './support/study';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: STUDY_ENV });
});
afterAll(async () => {
  await server.close();
});

const students = (...names: string[]) => Promise.all(names.map((name) => signedUpStudent(server.url, name)));

describe('partner matching keeps blocked students apart', () => {
  for (const [length, who] of [
    [25, 'the one waiting'],
    [90, 'the one joining'],
  ] as const) {
    it(`never pairs two students when ${who} blocked the other; the next students pair with each`, async () => {
      const [ada, ben, cy, dan] = await students('ada', 'ben', 'cyd', 'dan');
      if (!ada || !ben || !cy || !dan) throw new Error('students missing');
      if (who === 'the one waiting') await ada.api.safety.block.mutate({ userId: ben.user.id });
      else await ben.api.safety.block.mutate({ userId: ada.user.id });

      const adaWaits = await ada.api.study.findPartner.mutate({ minutes: length });
      const benWaits = await ben.api.study.findPartner.mutate({ minutes: length });
      expect(adaWaits.status).toBe('waiting');
      expect(benWaits.status).toBe('waiting');
      expect(benWaits.id).not.toBe(adaWaits.id);

      // The first who came is not left behind the slot Ben took after stepping over hers.
      const cyPairs = await cy.api.study.findPartner.mutate({ minutes: length });
      expect(cyPairs).toMatchObject({ id: adaWaits.id, status: 'active', partner: { username: ada.user.username } });
      const danPairs = await dan.api.study.findPartner.mutate({ minutes: length });
      expect(danPairs).toMatchObject({ id: benWaits.id, status: 'active', partner: { username: ben.user.username } });
      expect((await ada.api.study.current.query())?.partner?.username).toBe(cy.user.username);
      expect((await ben.api.study.current.query())?.partner?.username).toBe(dan.user.username);
    });
  }

  it('pairs them again once unblocked', async () => {
    const [ada, ben] = await students('ada', 'ben');
    if (!ada || !ben) throw new Error('students missing');
    await ada.api.safety.block.mutate({ userId: ben.user.id });
    await ada.api.safety.unblock.mutate({ userId: ben.user.id });
    const waiting = await ada.api.study.findPartner.mutate({ minutes: 50 });
    const joined = await ben.api.study.findPartner.mutate({ minutes: 50 });
    expect(joined).toMatchObject({ id: waiting.id, status: 'active' });
  });
});
