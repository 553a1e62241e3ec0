import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { QueryClient } from '@tanstack/vue-query';
import { createMemoryHistory, type Router } from 'vue-router';
import App from '../App.vue';
import { createStudySync } from '../app';
import { createFakeApi, type FakeApi, type FakeHandlers } from './fakeApi';

export interface RenderedApp extends FakeApi {
  wrapper: VueWrapper;
  router: Router;
  queryClient: QueryClient;
}

const mounted: VueWrapper[] = [];

/** Mounts the whole app (router, guards, vue-query) at `path`, against fake API handlers. */
export async function renderApp(path: string, handlers: FakeHandlers): Promise<RenderedApp> {
  const fake = createFakeApi(handlers);
  const { plugin, router, queryClient } = createStudySync({ api: fake.api, history: createMemoryHistory() });
  queryClient.setDefaultOptions({ queries: { retry: false }, mutations: { retry: false } });
  await preloadRouteComponents(router);
  await router.push(path);
  await router.isReady();
  // Attached to the document so focus and `document.activeElement` behave.
  const host = document.createElement('div');
  document.body.append(host);
  const wrapper = mount(App, { attachTo: host, global: { plugins: [plugin] } });
  mounted.push(wrapper);
  await settle();
  return { ...fake, wrapper, router, queryClient };
}

/** Loads the lazily imported pages up front, so navigations in tests finish promptly. */
async function preloadRouteComponents(router: Router): Promise<void> {
  const loaders = router
    .getRoutes()
    .flatMap((route) => Object.values(route.components ?? {}))
    .filter((component): component is () => Promise<unknown> => typeof component === 'function');
  await Promise.all(loaders.map((load) => load()));
}

/** Lets fetches, lazy route components and re-renders finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export function unmountAll(): void {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  document.body.innerHTML = '';
}
