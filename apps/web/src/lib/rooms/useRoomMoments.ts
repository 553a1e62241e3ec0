/**
 * The room's moments for people who are not looking at the timer: a polite announcement at a
 * phase change and at milestones (5 and 1 minute left), never every second; a sound and a
 * notification at phase changes when the student turned alerts on (the partner session's
 * setting, study/alerts.ts); and the time left in the tab's title.
 */
import type { RoomPhaseKind } from '@studysync/validators';
import { computed, onScopeDispose, ref, watch, watchEffect, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { pageTitle } from '../../router/navigation';
import type { StudyAlerts } from '../study/alerts';
import { formatClock } from '../study/countdown';
import { phaseLabel, phaseTitle, type RoomPhaseNow } from './schedule';

const MILESTONE_MINUTES = [5, 1] as const;

function minutesText(minutes: number): string {
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

const phaseAdvice: Record<RoomPhaseKind, string> = {
  focus: 'Time to focus.',
  break: 'Take a break.',
  longBreak: 'Take a long break.',
};

/** What is announced when a phase begins, e.g. "Break: 5 minutes. Take a break." */
export function phaseStartText(phase: Pick<RoomPhaseNow, 'kind' | 'block' | 'totalMs'>, minuteMs: number): string {
  const minutes = Math.round(phase.totalMs / minuteMs);
  return `${phaseTitle(phase)}: ${minutesText(minutes)}. ${phaseAdvice[phase.kind]}`;
}

export function useRoomMoments({
  phase,
  minuteMs,
  alerts,
  roomName,
}: {
  phase: Ref<RoomPhaseNow | null>;
  minuteMs: Ref<number>;
  alerts: Pick<StudyAlerts, 'alert'>;
  roomName: () => string | null;
}) {
  const announcement = ref('');
  /** The minute milestone last announced, per segment, so each is said once. */
  let spoken: { segment: number; milestone: number | null } | null = null;

  watch(
    () => {
      const current = phase.value;
      if (!current) return null;
      const minutesLeft = current.remainingMs / minuteMs.value;
      // The smallest milestone reached (only those shorter than the phase itself).
      const reached = MILESTONE_MINUTES.filter(
        (m) => minutesLeft <= m && m * minuteMs.value < current.totalMs && current.remainingMs > 0,
      );
      return { segment: current.segment, milestone: reached.length ? Math.min(...reached) : null };
    },
    (next) => {
      const current = phase.value;
      if (!next || !current) {
        spoken = null;
        return;
      }
      if (spoken === null) {
        // Opening the page mid-phase: say where we are once, without a sound.
        announcement.value = `${phaseTitle(current)}: ${minutesText(Math.ceil(current.remainingMs / minuteMs.value))} left.`;
      } else if (next.segment !== spoken.segment) {
        announcement.value = phaseStartText(current, minuteMs.value);
        alerts.alert({
          title: phaseTitle(current),
          body: `${roomName() ?? 'Your room'}: ${phaseAdvice[current.kind]}`,
          kind: current.kind === 'focus' ? 'notice' : 'end',
        });
      } else if (next.milestone !== null && next.milestone !== spoken.milestone) {
        announcement.value = `${minutesText(next.milestone)} left in this ${current.kind === 'focus' ? 'focus block' : phaseLabel[current.kind].toLowerCase()}.`;
      }
      spoken = next;
    },
    { immediate: true },
  );

  // The tab's title: "12:34 focus · Room name · StudySync".
  const route = useRoute();
  const prefix = computed(() => {
    const current = phase.value;
    if (!current) return '';
    return `${formatClock(current.remainingMs)} ${phaseLabel[current.kind].toLowerCase()} · `;
  });
  watchEffect(() => {
    document.title = prefix.value + pageTitle(route);
  });
  onScopeDispose(() => {
    document.title = pageTitle(route);
  });

  return { announcement };
}
