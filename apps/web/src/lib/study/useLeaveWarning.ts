import { useEventListener } from '@vueuse/core';
import { onBeforeRouteLeave } from 'vue-router';

/**
 * Asks before the student leaves while `shouldWarn()`: the browser's own prompt on reload or
 * close (`beforeunload`), a confirm on in-app navigation. Leaving the signed-in area (signing
 * out, or being signed out) is never held up.
 */
export function useLeaveWarning(shouldWarn: () => boolean, message: string): void {
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!shouldWarn()) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = message;
  };
  useEventListener(window, 'beforeunload', onBeforeUnload);

  onBeforeRouteLeave((to) => {
    if (!shouldWarn()) return true;
    if (!to.matched.some((record) => record.meta.requiresAuth)) return true;
    return window.confirm(message);
  });
}
