import { afterEach, describe, expect, it } from 'vitest';
import { testUser } from '../../test/fakeApi';
import { renderApp, settle, unmountAll } from '../../test/renderApp';
import { createRoomServer, ROOM_ID } from '../../test/roomFixtures';
import { createStudyServer, emitRoom, SESSION_ID } from '../../test/studyFixtures';

afterEach(() => {
  unmountAll();
  localStorage.clear();
});

const bar = (app: Awaited<ReturnType<typeof renderApp>>) => app.wrapper.find('[data-testid="session-bar"]');

describe('the session bar: the session follows the student', () => {
  it('shows the time left on other pages, the end, and leads back to check in', async () => {
    const server = createStudyServer({ status: 'active' });
    const app = await renderApp('/planner', {
      'auth.me': () => testUser,
      ...server.handlers,
      'planner.list': () => [],
    });
    await settle();
    expect(bar(app).text()).toContain('Session running');
    expect(bar(app).text()).toMatch(/2[45]:\d\d left/);
    expect(document.title).toMatch(/^2[45]:\d\d left · Planner · StudySync$/);

    // The session completes while the student is on the planner.
    server.update({ status: 'completed', endedAt: new Date().toISOString(), minutesStudied: 25 });
    emitRoom(app, server.record({ type: 'completed' }));
    await settle();
    expect(bar(app).text()).toContain('Session complete');
    expect(document.title).toBe('Planner · StudySync');

    await bar(app).find('a').trigger('click');
    await settle();
    expect(app.router.currentRoute.value.fullPath).toBe(`/study?session=${SESSION_ID}`);
    expect(app.wrapper.text()).toContain('Session complete');
    expect(bar(app).exists()).toBe(false);
  });

  it('is not there without a session', async () => {
    const server = createStudyServer();
    const app = await renderApp('/planner', {
      'auth.me': () => testUser,
      ...server.handlers,
      'planner.list': () => [],
    });
    await settle();
    expect(bar(app).exists()).toBe(false);
    expect(document.title).toBe('Planner · StudySync');
  });

  it('says which study room the student is in, on every page but that room', async () => {
    const study = createStudyServer();
    const room = createRoomServer();
    const app = await renderApp('/planner', {
      'auth.me': () => testUser,
      ...study.handlers,
      ...room.handlers,
      'planner.list': () => [],
    });
    await settle();
    expect(bar(app).text()).toContain('You are in room Calculus crew');
    await bar(app).find('a').trigger('click');
    await settle();
    expect(app.router.currentRoute.value.path).toBe(`/rooms/${ROOM_ID}`);
    expect(bar(app).exists()).toBe(false);
  });
});
