import { describe, expect, it } from 'vitest';
import { useApp } from './support/app';

// The installable app: its service worker registers on the built app and, once it controls the
// page, a page that cannot be fetched shows the offline page instead of the browser's error.
const app = useApp();

describe('the installable app', () => {
  it('registers its service worker and shows the offline page without a network', async () => {
    const student = await app.open();
    const { page } = student;
    await page.goto('/');
    const script = await page.evaluate(async () => {
      const ready = navigator.serviceWorker.ready.then((registration) => registration.active?.scriptURL ?? null);
      const late = new Promise<string>((resolve) => setTimeout(() => resolve('not registered within 20 s'), 20_000));
      return Promise.race([ready, late]);
    });
    expect(script).toBe(new URL('/sw.js', app.server.url).href);
    // It claims open pages when it activates: this one is controlled without a reload.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await student.context.setOffline(true);
    await page.goto('/planner');
    await expect.poll(() => page.title()).toBe('Offline · StudySync');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are offline');

    await student.context.setOffline(false);
    await page.goto('/');
    await expect.poll(() => page.title()).not.toBe('Offline · StudySync');
    // Offline, the browser reports the loads it could not make; nothing else may go wrong.
    const offline = /net::ERR_INTERNET_DISCONNECTED/;
    expect(student.consoleErrors.filter((error) => !offline.test(error))).toEqual([]);
    await student.context.close();
  });
});
