import { computed, watchEffect } from 'vue';
import { useRoute } from 'vue-router';
import { pageTitle } from '../../router/navigation';
import { formatClock } from './countdown';
import type { StudySession } from './useStudySession';

/** During a session the tab's title starts with the time left, so it shows from any other tab. */
export function useSessionTitle(study: Pick<StudySession, 'phase' | 'remaining'>): void {
  const route = useRoute();
  const prefix = computed(() => {
    if (study.phase.value === 'active') return `${formatClock(study.remaining.value)} left · `;
    if (study.phase.value === 'waiting') return 'Waiting for a partner · ';
    return '';
  });
  watchEffect(() => {
    document.title = prefix.value + pageTitle(route);
  });
}
