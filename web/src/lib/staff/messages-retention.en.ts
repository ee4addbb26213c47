import type { RetentionMessages } from './messages-retention.hy';

/** Retention of recordings; spread into en.ts. */
export const retentionEn: RetentionMessages = {
  'console.retention.title': 'Scheduled deletions',
  'console.retention.intro':
    'Recordings of private sessions and meetings that their body’s rule deletes in the next {days} days. Hold a recording to keep it until you release it. Recordings of public sessions are never deleted automatically.',
  'console.retention.dueHeading': 'To be deleted',
  'console.retention.heldHeading': 'On hold',
  'console.retention.empty': 'No recording is to be deleted in the next {days} days.',
  'console.retention.dueAt': 'Deleted on {date}',
  'console.retention.overdue': 'Deleted at the next hourly sweep',
  'console.retention.rule': 'Rule: {days} days after recording',
  'console.retention.recorded': 'Recorded {date}',
  'console.retention.heldBy': 'Held by {name} on {date}',
  'console.retention.hold': 'Hold',
  'console.retention.release': 'Release',
  'console.retention.holding': 'Holding…',
  'console.retention.releasing': 'Releasing…',
  'console.retention.holdFailed': 'The hold could not be changed. Try again.',
  'console.retention.meeting': 'Meeting',
  'console.retention.council': 'Session',
  'console.bodies.retention': 'Delete private recordings after (days)',
  'console.bodies.retentionHint':
    'Recordings of private sessions and meetings are deleted this many days after they were made. Leave empty to keep them for ever. Recordings of public sessions are never deleted.',
  'console.bodies.field.retentionInvalid': 'Enter a whole number of days from 1 to 36500, or leave it empty.',
  'console.bodies.retentionNever': 'For ever',
  'console.audit.action.body.retention': 'Changed how long private recordings are kept',
  'console.audit.action.recording.hold': 'Held a recording from deletion',
  'console.audit.action.recording.release': 'Released a recording’s hold',
  'console.audit.action.recording.retention_delete': 'Deleted a recording (retention rule)',
};
