/**
 * The session's view and what happens to it, as plain functions: how far along a status is,
 * the page's phase, and what a room event changes in the view we keep (in vue-query's
 * `study.get` entry) before the server's next answer confirms it.
 */
import type { PersistedRoomEvent, SeatView, StudySessionView } from '@studysync/api';
import type { TrpcError } from '../trpc';

export type StudyPhase = 'loading' | 'error' | 'idle' | 'waiting' | 'active' | 'ended';

/** How far along a status is: a view never moves a session back. */
export const rank: Record<StudySessionView['status'], number> = {
  waiting: 0,
  active: 1,
  completed: 2,
  endedEarly: 2,
  cancelled: 2,
};
export const isLive = (status: StudySessionView['status']): boolean => status === 'waiting' || status === 'active';

export function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}
export function codeOf(error: unknown): string | undefined {
  return (error as Partial<TrpcError> | null)?.data?.code;
}

/** The page's phase: no session yet is loading (or failed to), none at all is idle. */
export function phaseOf(session: StudySessionView | null, booting: boolean, bootError: string | null): StudyPhase {
  if (!session) return booting ? (bootError ? 'error' : 'loading') : 'idle';
  if (session.status === 'waiting') return 'waiting';
  if (session.status === 'active') return 'active';
  return 'ended';
}

export function withPartner(view: StudySessionView, change: Partial<SeatView>): StudySessionView {
  return view.partner ? { ...view, partner: { ...view.partner, ...change } } : view;
}

/**
 * The view after a new room event, as the server will confirm it: the notice sent, the end
 * (completed at `endsAt`, or early by whom), the partner's connection. Any other event leaves
 * the view as it is (the same object, so nothing is written).
 */
export function sessionAfterEvent(view: StudySessionView, event: PersistedRoomEvent): StudySessionView {
  const fromPartner = 'userId' in event && event.userId !== view.me.userId;
  switch (event.type) {
    case 'fiveMinutesLeft':
      return view.fiveMinuteNoticeSent ? view : { ...view, fiveMinuteNoticeSent: true };
    case 'completed':
      return { ...view, status: 'completed', endedAt: view.endsAt ?? event.at };
    case 'endedEarly':
      return { ...view, status: 'endedEarly', endedAt: event.at, endedBy: event.userId };
    case 'disconnected':
      return fromPartner ? withPartner(view, { online: false, disconnected: true }) : view;
    case 'reconnected':
      return fromPartner ? withPartner(view, { online: true, disconnected: false }) : view;
    default:
      return view;
  }
}
