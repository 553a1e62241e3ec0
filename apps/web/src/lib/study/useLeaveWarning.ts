import { useEventListener } from '@vueuse/core';

/**
 * What closing or reloading the tab costs during a session, as the server records it: the
 * partner sees the student leave, and unless they are back before the end, the session counts
 * for them only up to when they left (and is recorded as "disconnected"). Visiting other pages
 * of the app costs nothing: the session stays open (studySessionContext.ts).
 */
export const LEAVE_WARNING =
  'Your study session is still running. If you close this page, your partner sees you leave, and unless you come back before the timer ends, only the minutes until you left count.';

/** Said on the study page during a session, where the browser's own prompt cannot say it. */
export const LEAVE_HINT =
  'Other pages of StudySync keep your session running. Closing this tab: your partner sees you leave, and unless you are back before the end, only the minutes until you left count.';

/** Asks before the tab is closed or reloaded while `shouldWarn()` (the browser's own prompt). */
export function useLeaveWarning(shouldWarn: () => boolean, message = LEAVE_WARNING): void {
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!shouldWarn()) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = message;
  };
  useEventListener(window, 'beforeunload', onBeforeUnload);
}
