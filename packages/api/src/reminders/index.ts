/** Planner reminders: planned from an assessment's dates, delivered once each as notifications. */
export { deliverReminder } from './deliver';
export { cancelAssessmentReminders, syncReminders } from './schedule';
export { sweepReminders } from './sweep';
