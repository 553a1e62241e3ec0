/**
 * The create-room form's values and what they send: a preset cycle or a custom one, checked
 * in the browser with the server's own schema first (`createRoomInput`). Field names are the
 * schema's dotted paths (`cycle.focusMinutes`), as the server names them in its errors.
 */
import { createRoomInput, ROOM_CAPACITY, ROOM_CYCLE_PRESETS, type CreateRoomInput } from '@studysync/validators';

export type CyclePreset = keyof typeof ROOM_CYCLE_PRESETS | 'custom';

export const CREATE_ROOM_FIELDS = [
  'name',
  'tag',
  'visibility',
  'capacity',
  'cycle.focusMinutes',
  'cycle.breakMinutes',
  'cycle.cyclesBeforeLongBreak',
  'cycle.longBreakMinutes',
] as const;
export type CreateRoomField = (typeof CREATE_ROOM_FIELDS)[number];

export interface CreateRoomValues {
  name: string;
  tag: string;
  visibility: 'public' | 'private';
  capacity: number | string;
  preset: CyclePreset;
  focusMinutes: number | string;
  breakMinutes: number | string;
  cyclesBeforeLongBreak: number | string;
  longBreakMinutes: number | string;
  chatDuringFocus: boolean;
}

export function defaultCreateRoomValues(): CreateRoomValues {
  return {
    name: '',
    tag: '',
    visibility: 'public',
    capacity: ROOM_CAPACITY.default,
    preset: 'classic',
    ...ROOM_CYCLE_PRESETS.classic,
    chatDuringFocus: false,
  };
}

/** An `<input type="number">` gives '' when empty: that is no number, for the schema to say so. */
const asNumber = (value: number | string): number | undefined =>
  value === '' || value === null ? undefined : Number(value);

export function createRoomRequest(values: CreateRoomValues): Record<string, unknown> {
  const cycle =
    values.preset === 'custom'
      ? {
          focusMinutes: asNumber(values.focusMinutes),
          breakMinutes: asNumber(values.breakMinutes),
          cyclesBeforeLongBreak: asNumber(values.cyclesBeforeLongBreak),
          longBreakMinutes: asNumber(values.longBreakMinutes),
        }
      : ROOM_CYCLE_PRESETS[values.preset];
  return {
    name: values.name,
    ...(values.tag.trim() ? { tag: values.tag } : {}),
    visibility: values.visibility,
    capacity: asNumber(values.capacity),
    cycle: { ...cycle, chatDuringFocus: values.chatDuringFocus },
  };
}

type Issue = { path: ReadonlyArray<PropertyKey>; message: string };

export function parseCreateRoom(
  values: CreateRoomValues,
): { success: true; data: CreateRoomInput } | { success: false; issues: Issue[] } {
  const parsed = createRoomInput.safeParse(createRoomRequest(values));
  if (parsed.success) return { success: true, data: parsed.data };
  // One dotted name per field, as the server reports them.
  return {
    success: false,
    issues: parsed.error.issues.map((issue) => ({ path: [issue.path.map(String).join('.')], message: issue.message })),
  };
}
