import { afterEach, describe, expect, it } from 'vitest';
import { testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { createStudyServer } from '../test/studyFixtures';

afterEach(() => {
  unmountAll();
  localStorage.clear();
});

async function renderStudy(server: ReturnType<typeof createStudyServer>) {
  const app = await renderApp('/study', { 'auth.me': () => testUser, ...server.handlers });
  await settle();
  return app;
}

describe('study page: who is around', () => {
  it('shows how many study now and who waits for each length', async () => {
    const server = createStudyServer();
    server.lobby = { studying: 6, waiting: { 90: 1 } };
    const app = await renderStudy(server);
    expect(app.wrapper.find('[data-testid="studying-now"]').text()).toBe('6 students studying right now.');
    const waiting = app.wrapper.findAll('[data-testid="waiting-count"]');
    expect(waiting.map((w) => w.text())).toEqual(["1 waiting now: you'd start at once"]);
    expect(waiting[0]?.element.closest('label')?.textContent).toContain('Marathon');
  });

  it('offers to switch to a length someone waits for, keeping the goal', async () => {
    const server = createStudyServer({ status: 'waiting', minutes: 25, goal: 'Chapter 4' });
    server.lobby = { studying: 2, waiting: { 25: 1, 50: 1 } };
    const app = await renderStudy(server);
    const offers = app.wrapper.findAll('[data-testid="switch-offer"]');
    // Their own 25-minute search is not offered back to them.
    expect(offers.map((offer) => offer.text())).toEqual([
      'Someone is waiting for Deep Study (50 minutes). Switch to 50 minutes',
    ]);
    await offers[0]?.find('button').trigger('click');
    await settle();
    expect(app.callsTo('study.cancel')).toHaveLength(1);
    expect(app.callsTo('study.findPartner').map((call) => call.input)).toEqual([{ minutes: 50, goal: 'Chapter 4' }]);
    expect(app.wrapper.text()).toContain('Deep Study (50 minutes)');
  });
});
