import { afterEach, describe, expect, it } from 'vitest';
import { testUser } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';
import { createStudyServer, emitUserEvent, SESSION_ID } from '../test/studyFixtures';

afterEach(() => {
  unmountAll();
  localStorage.clear();
});

async function renderStudy(server = createStudyServer()) {
  const app = await renderApp('/study', { 'auth.me': () => testUser, ...server.handlers });
  await settle();
  return { ...app, server, text: () => app.wrapper.text() };
}

describe('study page: a search in another tab', () => {
  it('follows a search started elsewhere instead of offering the length picker', async () => {
    const app = await renderStudy();
    expect(app.text()).toContain('Find a partner');

    // Another tab asked for a 25-minute partner: the server says so on the personal stream.
    await app.server.handlers['study.findPartner']?.({ minutes: 25 });
    emitUserEvent(app, { type: 'searchChanged', sessionId: SESSION_ID, minutes: 25 });
    await settle();
    expect(app.text()).toContain('Looking for a partner…');
    expect(app.text()).toContain('25 minutes');
    expect(app.text()).not.toContain('Find a partner');

    // …and stopped it there: back to choosing.
    await app.server.handlers['study.cancel']?.(undefined);
    emitUserEvent(app, { type: 'searchChanged', sessionId: null, minutes: null });
    await settle();
    expect(app.text()).toContain('Find a partner');
  });

  it('says so, instead of silently joining, when another length is already searched for', async () => {
    const app = await renderStudy();
    // Started elsewhere, and this tab did not hear of it yet.
    await app.server.handlers['study.findPartner']?.({ minutes: 25 });
    await app.wrapper.find('input[type="radio"][value="50"]').setValue(true);
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(app.text()).toContain('You were already looking for a 25-minute partner');
    expect(app.text()).toContain('Quick Focus (25 minutes)');
  });
});
