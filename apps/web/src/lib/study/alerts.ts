/**
 * Sound and system notifications for study moments (5 minutes left, time's up), only with
 * the student's consent: a toggle, remembered on this device. Turning it on (a click, so
 * browsers allow audio) unlocks WebAudio and asks for notification permission. Sound plays
 * whenever alerts are on; a system notification shows when the page is hidden and allowed.
 */
import { useEventListener } from '@vueuse/core';
import { onScopeDispose, readonly, ref, type DeepReadonly, type Ref } from 'vue';

const STORAGE_KEY = 'studysync.study.alerts';

export type AlertPermission = NotificationPermission | 'unsupported';

export interface StudyAlerts {
  enabled: DeepReadonly<Ref<boolean>>;
  /** The browser's notification permission ('unsupported' without the Notification API). */
  permission: DeepReadonly<Ref<AlertPermission>>;
  /** Call from a user gesture: turning alerts on asks for permission and unlocks audio. */
  setEnabled: (on: boolean) => Promise<void>;
  /** A short beep (two for the end) and, when the page is hidden, a system notification. */
  alert: (moment: { title: string; body: string; kind: 'notice' | 'end' }) => void;
}

function storedPreference(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function storePreference(on: boolean): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode or storage full: the toggle still works for this visit.
  }
}

function notificationApi(): typeof Notification | null {
  return typeof globalThis.Notification === 'function' ? globalThis.Notification : null;
}

function audioContextClass(): typeof AudioContext | null {
  return typeof globalThis.AudioContext === 'function' ? globalThis.AudioContext : null;
}

/** Plays `count` short tones: quiet, with a soft attack and release so it doesn't click. */
function beep(context: AudioContext, count: number): void {
  const start = context.currentTime + 0.02;
  for (let i = 0; i < count; i++) {
    const at = start + i * 0.35;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = i % 2 === 0 ? 880 : 660;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
    oscillator.connect(gain);
    gain.connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.3);
  }
}

export function useStudyAlerts(): StudyAlerts {
  const enabled = ref(storedPreference());
  const permission = ref<AlertPermission>(notificationApi()?.permission ?? 'unsupported');
  let audio: AudioContext | null = null;

  /** Creates or resumes the audio context; only works during a user gesture the first time. */
  function unlockAudio(): void {
    const Context = audioContextClass();
    if (!Context) return;
    try {
      audio ??= new Context();
      if (audio.state === 'suspended') void audio.resume().catch(() => {});
    } catch {
      audio = null;
    }
  }

  // Remembered as on from an earlier visit: the first interaction unlocks audio again.
  const unlockOnGesture = (): void => {
    if (enabled.value) unlockAudio();
  };
  useEventListener(document, ['pointerdown', 'keydown'], unlockOnGesture, { once: true });
  onScopeDispose(() => {
    void audio?.close().catch(() => {});
    audio = null;
  });

  async function setEnabled(on: boolean): Promise<void> {
    enabled.value = on;
    storePreference(on);
    if (!on) return;
    unlockAudio();
    const api = notificationApi();
    if (api && api.permission === 'default') {
      try {
        permission.value = await api.requestPermission();
      } catch {
        permission.value = api.permission;
      }
    }
  }

  function alert({ title, body, kind }: { title: string; body: string; kind: 'notice' | 'end' }): void {
    if (!enabled.value) return;
    if (audio) {
      try {
        beep(audio, kind === 'end' ? 2 : 1);
      } catch {
        // Audio unavailable: the notification (or the page) still tells them.
      }
    }
    const api = notificationApi();
    if (api && api.permission === 'granted' && document.visibilityState === 'hidden') {
      try {
        new api(title, { body, tag: 'studysync-study' });
      } catch {
        // Some browsers only allow notifications from a service worker.
      }
    }
  }

  return { enabled: readonly(enabled), permission: readonly(permission), setEnabled, alert };
}
