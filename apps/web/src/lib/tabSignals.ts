/**
 * What one tab tells the student's other tabs of this browser, at once and without the server
 * (a tab whose live connection is down still hears it): the sign-out. BroadcastChannel is
 * missing in a few old browsers; then the server's `signedOut` event is the only messenger.
 */
import { onScopeDispose } from 'vue';

const CHANNEL = 'studysync.tabs';

export type TabSignal = { type: 'signedOut' };

function openChannel(): BroadcastChannel | null {
  return typeof globalThis.BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
}

/** Tells the other tabs (never this one: a channel does not hear its own messages). */
export function tellOtherTabs(signal: TabSignal): void {
  const channel = openChannel();
  if (!channel) return;
  channel.postMessage(signal);
  channel.close();
}

function isTabSignal(value: unknown): value is TabSignal {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'signedOut';
}

/** Calls `handler` for each signal another tab sends, while the calling scope lives. */
export function onTabSignal(handler: (signal: TabSignal) => void): void {
  const channel = openChannel();
  if (!channel) return;
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isTabSignal(event.data)) handler(event.data);
  };
  onScopeDispose(() => channel.close());
}
