/** Study sessions: pairing, the room's log and presence, the session's timing, its outcome. */
export { sweepDueSessions } from './lifecycle';
export { checkPresence, dropInstanceStreams } from './presence';
export { toStatsView, type StudyStatsView } from './stats-view';
export type { SeatView, StudySessionView } from './view';
export { lobbyCounts } from './lobby-counts';
export { cleanUpMatchLines } from './match-cleanup';
export { listHistory } from './history-view';
export type { HistoryItemView } from './history-view';
// Shared with group rooms (rooms/): the room log, presence timing, counting study.
export { recordRoomEvent, toRoomEventView } from './room-log';
export { graceEnd, presenceKey } from './presence-rules';
export { counted, creditStudy } from './outcomes';
export { followRoomLog, resumePoint } from './log-stream';
export { participantSession } from './access';
