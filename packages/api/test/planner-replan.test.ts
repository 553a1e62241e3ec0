import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlannerAssessmentDoc } from '@studysync/db';
import { addDays, daysBetween } from '../src/dates';
import { moveStageEnd, replan } from '../src/planner/edits';
import { splitIntoStages } from '../src/planner/split';

const START = '2026-03-02';

function plan(dueDate: string): PlannerAssessmentDoc {
  const stages = splitIntoStages(START, dueDate).map((stage) => ({
    startsOn: stage.startsOn,
    endsBefore: stage.endsBefore,
    subtasks: [],
  }));
  return { planStart: START, dueDate, stages } as unknown as PlannerAssessmentDoc;
}

const tiles = (doc: PlannerAssessmentDoc) => {
  expect(doc.stages[0]?.startsOn).toBe(START);
  expect(doc.stages.at(-1)?.endsBefore).toBe(addDays(doc.dueDate, 1));
  for (const [index, stage] of doc.stages.entries()) {
    if (index > 0) expect(stage.startsOn).toBe(doc.stages[index - 1]?.endsBefore);
    expect(daysBetween(stage.startsOn, stage.endsBefore)).toBeGreaterThanOrEqual(1);
  }
};

describe('a new due date', () => {
  it('keeps an end the student chose where it still fits, and replans the rest around it', () => {
    const doc = plan(addDays(START, 39));
    moveStageEnd(doc, 0, addDays(START, 6)); // a 7-day first stage
    replan(doc, addDays(START, 59));
    tiles(doc);
    expect(doc.stages[0]).toMatchObject({ endsBefore: addDays(START, 7), endChosen: true });
    // The others are the fresh split's.
    expect(doc.stages.slice(2).map((stage) => stage.endsBefore)).toEqual(
      splitIntoStages(START, addDays(START, 59))
        .slice(2)
        .map((stage) => stage.endsBefore),
    );
  });

  it('drops a chosen end that no longer leaves every later stage a day', () => {
    const doc = plan(addDays(START, 39));
    moveStageEnd(doc, 1, addDays(START, 30));
    replan(doc, addDays(START, 31));
    tiles(doc);
    expect(doc.stages[1]?.endChosen).toBeUndefined();
  });

  it('for any chosen end and due date: the stages tile the span, each a day, the end kept exactly when it fits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 400 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 3, max: 500 }),
        (span, index, pick, newSpan) => {
          const doc = plan(addDays(START, span - 1));
          const stage = doc.stages[index];
          const next = doc.stages[index + 1];
          if (!stage || !next) throw new Error('four stages');
          const room = daysBetween(stage.startsOn, next.endsBefore) - 1;
          const chosenEnd = addDays(stage.startsOn, 1 + (pick % room));
          moveStageEnd(doc, index, addDays(chosenEnd, -1));
          replan(doc, addDays(START, newSpan));
          tiles(doc);
          const fits = chosenEnd >= addDays(START, index + 1) && chosenEnd <= addDays(START, newSpan + 1 - (3 - index));
          expect(doc.stages[index]?.endsBefore === chosenEnd && doc.stages[index]?.endChosen === true).toBe(fits);
        },
      ),
    );
  });
});
