import { BOARD_SIZE, type BoardKind } from '@studysync/validators';
import type { BoardDoc } from '@studysync/db';
import type { BoardChangedEvent, BoardRowView, Medal } from '../events';
import type { Period } from './calendar';
import { rankInTop } from './leaderboard-core';

/** Where the signed-in student stands, even outside the top 50. */
export interface BoardStandingView {
  /** Null when they are not ranked: hidden, or no minutes in this period yet. */
  rank: number | null;
  minutes: number;
  completedSessions: number;
  hidden: boolean;
}

export interface BoardView {
  board: BoardKind;
  periodId: string;
  label: string;
  startsAt: string | null;
  /** When this board rolls over to the next period (null for all time). */
  endsAt: string | null;
  version: number;
  /** Visible students with minutes on this board. */
  ranked: number;
  top: BoardRowView[];
  me: BoardStandingView;
  serverTime: string;
}

/** One item of `leaderboard.live`: the board's current top list (what `get` says, less the reader's own row). */
export interface BoardLiveView extends Omit<BoardView, 'me' | 'serverTime'> {
  type: 'board';
}

const MEDALS: readonly Medal[] = ['gold', 'silver', 'bronze'];

export function toBoardRows(board: BoardDoc | null): BoardRowView[] {
  const top = board?.top ?? [];
  return top.slice(0, BOARD_SIZE).map((item, index) => {
    const rank = rankInTop(top, index);
    return {
      rank,
      userId: item.userId,
      username: item.username,
      minutes: item.minutes,
      completedSessions: item.completed,
      medal: MEDALS[rank - 1] ?? null,
    };
  });
}

export function toBoardChangedEvent(board: BoardDoc): BoardChangedEvent {
  return {
    type: 'boardChanged',
    periodId: board.periodId,
    version: board.version,
    ranked: board.visible,
    top: toBoardRows(board),
  };
}

export function periodFields(period: Period) {
  return {
    board: period.kind,
    periodId: period.id,
    label: period.label,
    startsAt: period.startsAt?.toISOString() ?? null,
    endsAt: period.endsAt?.toISOString() ?? null,
  };
}
