import type { RealtimeEvent } from './types';

/** Every `type` a RealtimeEvent can have; the compiler checks the list against the union both ways. */
const TYPES = [
  'hello',
  'signedOut',
  'matchFound',
  'searchChanged',
  'blocksChanged',
  'notification',
  'notificationsChanged',
  'boardChanged',
  'userChanged',
  'message',
  'partnerJoined',
  'fiveMinutesLeft',
  'completed',
  'endedEarly',
  'disconnected',
  'reconnected',
  'partnerMissing',
  'typing',
  'presence',
  'memberJoined',
  'memberLeft',
  'memberRemoved',
  'memberMuted',
  'hostChanged',
  'goalSet',
  'runStarted',
  'phaseChanged',
  'breakSkipped',
  'runEnded',
  'roomClosed',
  'roomDirectory',
] as const satisfies readonly RealtimeEvent['type'][];
const complete: Exclude<RealtimeEvent['type'], (typeof TYPES)[number]> extends never ? true : never = true;
const KNOWN_TYPES = new Set<string>(complete && TYPES);

/**
 * Reads one message from the bus. Anything that is not JSON or not an object with a known
 * `type` is refused (null): it must never crash a process or reach a client. Beyond the type,
 * the payload is trusted: only StudySync servers publish on its channels.
 */
export function parseBusMessage(raw: string): RealtimeEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && KNOWN_TYPES.has(type) ? (value as RealtimeEvent) : null;
}
