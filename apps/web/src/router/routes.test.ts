import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, unmountAll } from '../test/renderApp';
import { appPaths } from './routes';

afterEach(unmountAll);

describe('the paths the build lists for the server', () => {
  it('are exactly the router’s paths, less its catch-all 404 page', async () => {
    const { router } = await renderApp('/', { 'auth.me': () => null });
    const routerPaths = router
      .getRoutes()
      .map((route) => route.path)
      .filter((path) => !path.startsWith('/:pathMatch'));
    expect(new Set(appPaths())).toEqual(new Set(routerPaths));
  });
});
