/**
 * Safety: blocking and reporting, for partner sessions and study rooms alike (both keep the room
 * log keyed by the room's id). No direct messages between students exist, by design.
 * - Blocks hide the blocked student's messages from the blocker (`hiddenAuthors` for a read,
 *   `followHiddenAuthors` for an open stream, `hidesEvent` to filter) and keep the two apart in
 *   partner matching (study/matching.ts reads the two block lists by `_id`).
 * - Reports check the reporter is in the room through `hooks.roomMembers`: each kind of room
 *   adds its `RoomMembersResolver` to `firstRoomMembers([...])` in wiring.ts.
 */
export { blockStudent, listBlocked, unblockStudent, type BlockedStudentView } from './blocks';
export {
  followHiddenAuthors,
  hiddenAuthors,
  hidesEvent,
  type FollowedHiddenAuthors,
  type HiddenAuthors,
} from './hidden-authors';
export { firstRoomMembers, partnerSessionMembers, type RoomMembersResolver } from './room-members';
export { EVIDENCE_MESSAGES, fileReport, type ReportResult } from './reports';
