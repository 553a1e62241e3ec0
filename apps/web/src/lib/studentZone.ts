import { computed, type ComputedRef } from 'vue';
import { useSession } from './session';

/**
 * The signed-in student's time zone (their setting), which every time on a page is shown in;
 * the browser's own zone only until the user has loaded.
 */
export function useStudentZone(): ComputedRef<string> {
  const { user } = useSession();
  return computed(() => user.value?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}
