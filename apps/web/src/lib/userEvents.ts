/**
 * The signed-in student's one personal stream, `account.events`, shared by everything in a tab.
 *
 * The signed-in shell opens it once (`provideUserEvents`); pages and components below it listen
 * for the events they care about:
 *
 *   onUserEvent('matchFound', (event) => { ... });          // stops with the component
 *   const off = useUserEvents().on('notification', handler); // or stop it yourself
 *
 * Items arrive tracked (`{ id, data: UserEvent }`); the wsLink resends the last id when it
 * reconnects and the server backfills what was missed. Handlers receive the unwrapped event.
 */
import type { UserEvent } from '@studysync/api';
import { inject, onScopeDispose, provide, type InjectionKey, type MaybeRefOrGetter } from 'vue';
import { useTrpcOptions, useTrpcSubscription, type TrpcSubscriptionState } from './query';

export type UserEventType = UserEvent['type'];
export type UserEventOf<T extends UserEventType> = Extract<UserEvent, { type: T }>;
export type UserEventHandler<T extends UserEventType> = (event: UserEventOf<T>) => void;

export interface UserEvents {
  /** Calls `handler` for every event of `type` from now on; returns the function that stops it. */
  on<T extends UserEventType>(type: T, handler: UserEventHandler<T>): () => void;
  /** The subscription's status ('live' once the server acknowledged it) and last error. */
  state: TrpcSubscriptionState;
}

const userEventsKey: InjectionKey<UserEvents> = Symbol('studysync-user-events');

/**
 * Opens the `account.events` subscription (while `enabled`) and provides it to every component
 * below the caller. Call once, in the signed-in shell; it stops with the shell.
 */
export function provideUserEvents(enabled: MaybeRefOrGetter<boolean>): UserEvents {
  const listeners = new Set<(event: UserEvent) => void>();
  const trpc = useTrpcOptions();
  const state = useTrpcSubscription(
    trpc.account.events.subscriptionOptions(undefined, {
      enabled,
      onData: (item) => {
        // Copied first: a handler may stop listening (or start) while we deliver.
        for (const listener of [...listeners]) listener(item.data);
      },
    }),
  );

  const events: UserEvents = {
    on(type, handler) {
      const listener = (event: UserEvent): void => {
        if (isOfType(event, type)) handler(event);
      };
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    state,
  };
  provide(userEventsKey, events);
  return events;
}

function isOfType<T extends UserEventType>(event: UserEvent, type: T): event is UserEventOf<T> {
  return event.type === type;
}

/** The shared personal stream (inside the signed-in shell). */
export function useUserEvents(): UserEvents {
  const events = inject(userEventsKey, null);
  if (!events) throw new Error('No user event stream: call provideUserEvents() in the signed-in shell.');
  return events;
}

/** Listens for one type of personal event while the calling component (effect scope) lives. */
export function onUserEvent<T extends UserEventType>(type: T, handler: UserEventHandler<T>): void {
  onScopeDispose(useUserEvents().on(type, handler));
}
