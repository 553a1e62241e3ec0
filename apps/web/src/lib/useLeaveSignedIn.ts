import { useQueryClient } from '@tanstack/vue-query';
import { useRouter } from 'vue-router';
import { clearUserData } from './session';
import { useApi } from './trpc';

/**
 * After the server ended this sign-in itself (signed out everywhere, account deleted): leave the
 * signed-in pages, then forget the student's data, as `useSession().signOut` does.
 */
export function useLeaveSignedIn(): (to?: string) => Promise<void> {
  const api = useApi();
  const queryClient = useQueryClient();
  const router = useRouter();
  return async (to = '/') => {
    await router.push(to);
    clearUserData(queryClient);
    await api.onSessionChange?.();
  };
}
