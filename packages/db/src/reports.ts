import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';

export type ReportReason = 'spam' | 'harassment' | 'other';
export type ReportTargetKind = 'message' | 'member';

/** A message as it was when reported (copied: the room's log is the room's, the report is ours). */
export interface ReportedMessage {
  seq: number;
  authorId: ObjectId;
  authorName: string;
  text: string;
  at: Date;
}

/**
 * One report. `_id` = `<reporterId>:<kind>:<targetId>` (a message: `<roomId>:<seq>`; a member:
 * their user id), so a repeat is a duplicate-key insert: deduplicated without a read, on both
 * engines. Evidence is copied in when it is made.
 */
export interface ReportDoc {
  _id: string;
  kind: ReportTargetKind;
  /** The room (partner session or study room) it happened in, and which kind of room. */
  roomId: ObjectId;
  roomKind: string;
  reporterId: ObjectId;
  reporterName: string;
  targetUserId: ObjectId;
  targetName: string;
  reason: ReportReason;
  text: string | null;
  evidence: { message: ReportedMessage | null; before: ReportedMessage[] };
  at: Date;
}

export const reportsCollection = (db: Db) => db.collection<ReportDoc>('reports');

export const reportId = (reporterId: string, kind: ReportTargetKind, targetId: string) =>
  `${reporterId}:${kind}:${targetId}`;

/** Stores a report; false when this reporter already reported this target (nothing written). */
export async function insertReport(db: Db, report: ReportDoc): Promise<boolean> {
  try {
    await reportsCollection(db).insertOne(report);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export function findReport(db: Db, id: string): Promise<ReportDoc | null> {
  return reportsCollection(db).findOne({ _id: id });
}
