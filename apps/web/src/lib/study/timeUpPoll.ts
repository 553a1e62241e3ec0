/**
 * Time is up by our clock but the server hasn't said so (stream down?): ask it, every few
 * seconds, until it does.
 */
import { useIntervalFn } from '@vueuse/core';
import { watch } from 'vue';

/** After the countdown reaches zero without word from the server, ask this often. */
const TIME_UP_POLL_MS = 3_000;

export function useTimeUpPoll(timeUp: () => boolean, refresh: () => Promise<void>): void {
  const poll = useIntervalFn(() => void refresh(), TIME_UP_POLL_MS, { immediate: false });
  watch(timeUp, (isUp) => (isUp ? poll.resume() : poll.pause()));
}
