import { afterEach, describe, expect, it } from 'vitest';
import type { Assessment, Subtask } from '../lib/planner/usePlanner';
import { FakeServerError, testUser, type FakeHandlers } from '../test/fakeApi';
import { renderApp, settle, unmountAll } from '../test/renderApp';

afterEach(unmountAll);

const progress = (subtasks: Subtask[]) => {
  const done = subtasks.filter((subtask) => subtask.done).length;
  return { done, total: subtasks.length, percent: subtasks.length ? Math.floor((done * 100) / subtasks.length) : 0 };
};

/** An assessment as `planner.list` answers it: planning overdue, research under way. */
function essay(researchTasks: Subtask[] = []): Assessment {
  const stages: Assessment['stages'] = [
    {
      key: 'planning',
      name: 'Planning and preparation',
      weight: 9,
      startDate: '2030-03-04',
      endDate: '2030-03-05',
      days: 2,
      status: 'past',
      complete: false,
      overdue: true,
      subtasks: [],
    },
    {
      key: 'research',
      name: 'Research, reading and note-taking',
      weight: 36,
      startDate: '2030-03-06',
      endDate: '2030-03-12',
      days: 7,
      status: 'current',
      complete: false,
      overdue: false,
      subtasks: researchTasks,
    },
    {
      key: 'developing',
      name: 'Developing',
      weight: 43,
      startDate: '2030-03-13',
      endDate: '2030-03-21',
      days: 9,
      status: 'upcoming',
      complete: false,
      overdue: false,
      subtasks: [],
    },
    {
      key: 'reviewing',
      name: 'Reviewing and refining',
      weight: 12,
      startDate: '2030-03-22',
      endDate: '2030-03-24',
      days: 3,
      status: 'upcoming',
      complete: false,
      overdue: false,
      subtasks: [],
    },
  ].map(
    (stage, index) =>
      ({
        ...stage,
        index,
        progress: progress(stage.subtasks),
        complete: stage.subtasks.length > 0 && stage.subtasks.every((subtask) => subtask.done),
      }) as Assessment['stages'][number],
  );
  return {
    id: '665f1c2b9d3e4a00aaaaaaaa',
    name: 'History essay',
    timeZone: 'Europe/London',
    dueDate: '2030-03-24',
    today: '2030-03-08',
    daysLeft: 16,
    progress: progress(researchTasks),
    stages,
    calendarFeed: false,
    createdAt: '2030-03-04T06:00:00.000Z',
    updatedAt: '2030-03-04T06:00:00.000Z',
  };
}

const task = (title: string, done = false): Subtask => ({
  id: '665f1c2b9d3e4a00bbbbbbbb',
  title,
  done,
  doneAt: done ? '2030-03-08T10:00:00.000Z' : null,
  createdAt: '2030-03-08T09:00:00.000Z',
});

const base: FakeHandlers = {
  'auth.me': () => testUser,
  'notifications.unreadCount': () => 0,
  'notifications.list': () => ({ items: [], nextCursor: null, unreadCount: 0 }),
};

describe('planner page', () => {
  it('shows each assessment as a timeline of its four stages, with today marked and overdue stages highlighted', async () => {
    const app = await renderApp('/planner', { ...base, 'planner.list': () => [essay([task('Find sources')])] });
    expect(app.wrapper.find('h1').text()).toBe('Planner');
    const card = app.wrapper.find('article');
    expect(card.find('h3').text()).toBe('History essay');
    expect(card.text()).toContain('1 stage overdue');
    expect(card.findAll('[data-stage]').map((stage) => stage.attributes('data-stage'))).toEqual([
      'planning',
      'research',
      'developing',
      'reviewing',
    ]);
    const planning = card.find('[data-stage="planning"]');
    expect(planning.text()).toContain('Overdue');
    expect(planning.classes()).toContain('border-red-300');
    expect(card.find('[data-stage="research"]').text()).toContain('Now');
    expect(card.find('[data-testid="today-marker"]').exists()).toBe(true);
    expect(card.find('figcaption').text()).toMatch(/today is Friday,? 8 March 2030/);
    const bars = card.findAll('[role="progressbar"]');
    expect(bars[0]?.attributes()).toMatchObject({
      'aria-label': 'History essay progress',
      'aria-valuenow': '0',
      'aria-valuetext': '0 of 1 subtasks done',
    });
    expect(document.title).toBe('Planner · StudySync');
  });

  it('folds an assessment to its heading and progress, remembered on this device', async () => {
    const app = await renderApp('/planner', { ...base, 'planner.list': () => [essay()] });
    const toggle = app.wrapper.findAll('article button').find((b) => b.text().startsWith('Hide stages'));
    expect(toggle?.attributes('aria-expanded')).toBe('true');
    await toggle?.trigger('click');
    await settle();
    const details = app.wrapper.find(`[id="${toggle?.attributes('aria-controls')}"]`);
    expect(details.isVisible()).toBe(false);
    expect(toggle?.attributes('aria-expanded')).toBe('false');
    expect(toggle?.text()).toBe('Show stages of History essay');
    expect(app.wrapper.find('[role="progressbar"]').isVisible()).toBe(true);

    unmountAll();
    const again = await renderApp('/planner', { ...base, 'planner.list': () => [essay()] });
    const shown = again.wrapper.findAll('article button').find((b) => b.text().startsWith('Show stages'));
    expect(shown?.attributes('aria-expanded')).toBe('false');
    localStorage.clear();
  });

  it('reads a one-day stage as that day, not a range', async () => {
    const oneDay = essay();
    const reviewing = oneDay.stages[3];
    if (!reviewing) throw new Error('no reviewing stage');
    oneDay.stages[3] = { ...reviewing, startDate: '2030-03-24', endDate: '2030-03-24', days: 1 };
    const app = await renderApp('/planner', { ...base, 'planner.list': () => [oneDay] });
    const text = app.wrapper.find('[data-stage="reviewing"]').text();
    expect(text).toContain('Sun 24 Mar · 1 day');
    expect(text).not.toContain('–');
  });

  it('adds a subtask from the keyboard, then ticks it', async () => {
    let current = essay();
    const app = await renderApp('/planner', {
      ...base,
      'planner.list': () => [current],
      'planner.addSubtask': (input) => {
        current = essay([task(input.title)]);
        return current;
      },
      'planner.setSubtaskDone': (input) => {
        current = essay([task('Read chapter 3', input.done)]);
        return current;
      },
    });
    const research = app.wrapper.find('[data-stage="research"]');
    const input = research.find('input[placeholder="Add a subtask"]');
    const label = research.find(`label[for="${input.attributes('id')}"]`);
    expect(label.text()).toBe('Add a subtask to Research, reading and note-taking');
    await input.setValue('Read chapter 3');
    await input.trigger('keydown', { key: 'Enter' });
    await research.find('form').trigger('submit');
    await settle();
    expect(app.callsTo('planner.addSubtask').map((call) => call.input)).toEqual([
      { assessmentId: current.id, stageIndex: 1, title: 'Read chapter 3' },
    ]);
    // The answer updates the page without refetching, and the field is ready for the next one.
    expect(app.callsTo('planner.list')).toHaveLength(1);
    expect((input.element as HTMLInputElement).value).toBe('');
    const checkbox = app.wrapper.find('[data-stage="research"] input[type="checkbox"]');
    expect(app.wrapper.find(`label[for="${checkbox.attributes('id')}"]`).text()).toBe('Read chapter 3');

    await checkbox.setValue(true);
    await settle();
    expect(app.callsTo('planner.setSubtaskDone').map((call) => call.input)).toEqual([
      { assessmentId: current.id, subtaskId: '665f1c2b9d3e4a00bbbbbbbb', done: true },
    ]);
    expect(app.wrapper.find('[data-stage="research"]').text()).toContain('Done');
  });

  it("moves a stage's end when the date is entered, and shows why a date is refused", async () => {
    const app = await renderApp('/planner', {
      ...base,
      'planner.list': () => [essay()],
      'planner.moveStageEnd': () => {
        throw new FakeServerError('BAD_REQUEST', 'Invalid input', {
          endDate: ['Pick an end date from 2030-03-06 to 2030-03-20, so both stages keep at least one day'],
        });
      },
    });
    const research = app.wrapper.find('[data-stage="research"]');
    const end = research.find('input[type="date"]');
    expect(research.find(`label[for="${end.attributes('id')}"]`).text()).toBe('Ends');
    expect(end.attributes()).toMatchObject({ min: '2030-03-06', max: '2030-03-20' });
    await end.setValue('2030-03-21');
    await end.trigger('keydown', { key: 'Enter' });
    await settle();
    expect(app.callsTo('planner.moveStageEnd').map((call) => call.input)).toEqual([
      { assessmentId: '665f1c2b9d3e4a00aaaaaaaa', stageIndex: 1, endDate: '2030-03-21' },
    ]);
    expect(research.find('[role="alert"]').text()).toContain('Pick an end date from 2030-03-06 to 2030-03-20');
    expect(end.attributes('aria-invalid')).toBe('true');
  });

  it("shows the server's message beside the field it is about, keeping what was typed", async () => {
    const app = await renderApp('/planner', {
      ...base,
      'planner.list': () => [],
      'planner.create': () => {
        throw new FakeServerError('BAD_REQUEST', 'Invalid input', {
          dueDate: ['Pick a due date from today (2030-03-08) on'],
        });
      },
    });
    expect(app.wrapper.text()).toContain('No assessments yet');
    await app.wrapper.find('#assessment-name').setValue('Lab report');
    await app.wrapper.find('#assessment-due').setValue('2030-03-01');
    await app.wrapper.find('form').trigger('submit');
    await settle();
    expect(app.callsTo('planner.create').map((call) => call.input)).toEqual([
      { name: 'Lab report', dueDate: '2030-03-01', timeZone: 'Europe/London' },
    ]);
    const due = app.wrapper.find('#assessment-due');
    expect(due.attributes('aria-invalid')).toBe('true');
    expect(app.wrapper.find('#assessment-due-error').text()).toBe('Pick a due date from today (2030-03-08) on');
    expect(document.activeElement).toBe(due.element);
    expect((app.wrapper.find('#assessment-name').element as HTMLInputElement).value).toBe('Lab report');
  });
});
