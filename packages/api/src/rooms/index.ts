/** Group study rooms: membership against capacity, the shared cycle, presence, minutes and the directory. */
export { checkInRoom } from './check-in';
export { endRun, skipBreak, startRun, tickRoom } from './cycle';
export { publishDirectory, readDirectory } from './directory';
export { createRoom, currentRoom, joinRoom, leaveRoom, setGoal } from './membership';
export { changeInvite, removeMember, setMuted } from './host-tools';
export {
  checkRoomPresence,
  dropRoomInstanceStreams,
  roomStreamClosed,
  roomStreamOpened,
  type OpenedRoomStream,
} from './presence';
export { hostedRoom, memberRoom, studyRoomMembers, visibleRoom } from './store';
export { sweepRooms } from './sweep';
export { chatOpenAt, loadRoomView, type RoomMemberView, type RoomPhaseView, type RoomView } from './view';
