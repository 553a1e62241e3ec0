import { sweepRooms } from '../rooms';
import type { Job } from './runner';

/** Study rooms: phase announcements, block credits and empty-room closing that no timer did. */
export const roomsSweepJob: Job = {
  name: 'rooms-sweep',
  intervalMs: (deps) => deps.config.sweepIntervalMs,
  run: sweepRooms,
};
