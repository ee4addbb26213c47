import type { InterruptionsMessages } from './messages.hy';

/** Interrupted broadcasts and recordings; spread into en.ts. */
export const interruptionsEn: InterruptionsMessages = {
  'live.interrupted': 'The broadcast is interrupted',
  'live.interruptedNote': 'It will resume here by itself; there is no need to reload the page. If it has not resumed by {time}, the session ends.',
  'studio.alarm.diskFull': 'Recording stopped: the recordings disk is full',
  'studio.alarm.diskFullNote':
    'The broadcast goes on and what was recorded is kept. {free} free, {needed} needed; recording continues by itself in the same recording once space is freed. Tell the server’s administrator.',
  'console.alarms.label': 'Alarms',
  'console.alarms.diskFull':
    'Recording of “{title}” stopped: the recordings disk is full ({free} free, {needed} needed). The broadcast goes on; recording resumes by itself once space is freed.',
  'console.alarms.diskLow': 'The recordings disk has {free} free, less than the {needed} recording needs. Free some space or move old recordings elsewhere.',
  'console.alarms.openStudio': 'Open the studio',
  'console.recordings.status.interrupted': 'Interrupted',
  'console.recordings.reason.disk_full': 'the disk is full',
  'console.recordings.reason.source_lost': 'the broadcast source disconnected',
};
