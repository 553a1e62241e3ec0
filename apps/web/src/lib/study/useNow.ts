import { useEventListener, useIntervalFn } from '@vueuse/core';
import { readonly, ref, type DeepReadonly, type Ref } from 'vue';

/**
 * The local clock as a ref, refreshed several times a second and at once when the tab
 * becomes visible again (background tabs throttle timers; whatever derives from `now`
 * is recomputed from the clock, so it is right on the first tick back).
 */
export function useNow(intervalMs = 250): { now: DeepReadonly<Ref<number>>; refresh: () => void } {
  const now = ref(Date.now());
  const update = (): void => {
    now.value = Date.now();
  };
  useIntervalFn(update, intervalMs);
  useEventListener(document, 'visibilitychange', update);
  useEventListener(window, ['focus', 'pageshow'], update);
  // `refresh` for when something time-related arrives between ticks (a new server state).
  return { now: readonly(now), refresh: update };
}
