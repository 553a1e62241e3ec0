/**
 * A room's phase and time left on this client, from the run (data) and the server clock
 * offset: nothing ticks on the server, the client recomputes on its own clock.
 */
import { roomPhaseAt, type RoomPhase, type RoomPhaseKind, type RoomRun } from '@studysync/validators';
import { serverNow } from '../study/countdown';

export interface RoomPhaseNow extends RoomPhase {
  remainingMs: number;
  totalMs: number;
  /** 0 to 1: how much of this phase is behind us. */
  progress: number;
}

export function phaseNow(run: RoomRun, localNow: number, offsetMs: number, minuteMs: number): RoomPhaseNow {
  const at = serverNow(localNow, offsetMs);
  const phase = roomPhaseAt(run, at, minuteMs);
  const totalMs = phase.endsAt - phase.startsAt;
  const remainingMs = Math.max(0, Math.min(totalMs, phase.endsAt - at));
  const progress = totalMs > 0 ? 1 - remainingMs / totalMs : 0;
  return { ...phase, remainingMs, totalMs, progress };
}

export const phaseLabel: Record<RoomPhaseKind, string> = {
  focus: 'Focus',
  break: 'Break',
  longBreak: 'Long break',
};

/** "Focus block 2", "Break", "Long break": for headings and the directory. */
export function phaseTitle(phase: Pick<RoomPhase, 'kind' | 'block'>): string {
  return phase.kind === 'focus' ? `Focus block ${phase.block}` : phaseLabel[phase.kind];
}

/** "25/5" or "50/10 · long break 20 after 3": the cycle in a few characters. */
export function cycleSummary(cycle: RoomRun['cycle']): string {
  return `${cycle.focusMinutes}/${cycle.breakMinutes} · long break ${cycle.longBreakMinutes} after ${cycle.cyclesBeforeLongBreak}`;
}
