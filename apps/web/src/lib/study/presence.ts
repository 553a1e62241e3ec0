import type { SeatView } from '@studysync/api';

/**
 * How the partner appears: in the room (`online`), just returned (`back`), not connected yet
 * right after pairing (`joining`), gone for now (`left`: no open connection, within the grace
 * period), or `disconnected` (gone longer). `reconnecting`: our own live updates are down, so
 * what we last knew may be stale and is not shown.
 */
export type PartnerPresence = 'online' | 'back' | 'joining' | 'left' | 'disconnected' | 'reconnecting';

export function partnerPresence(
  seat: Pick<SeatView, 'online' | 'disconnected'>,
  { recentlyBack, justPaired }: { recentlyBack: boolean; justPaired: boolean },
): PartnerPresence {
  if (seat.disconnected) return 'disconnected';
  if (!seat.online) return justPaired ? 'joining' : 'left';
  return recentlyBack ? 'back' : 'online';
}

export const presenceLabel: Record<PartnerPresence, string> = {
  online: 'Online',
  back: 'Back',
  joining: 'Joining…',
  left: 'Left the room',
  disconnected: 'Disconnected',
  reconnecting: 'Reconnecting…',
};
