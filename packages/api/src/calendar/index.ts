/** An assessment's stages as a calendar feed (iCalendar), behind a secret link. */
export { CALENDAR_PATH_PREFIX, renderCalendarFeed, revokeCalendarFeed, rotateCalendarFeed } from './feed';
