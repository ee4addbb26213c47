import type { InterruptionsMessages } from './messages.hy';

/** Interrupted broadcasts and recordings; spread into en.ts. */
export const interruptionsEn: InterruptionsMessages = {
  'live.mode.realtime': 'Real time',
  'live.mode.delayed': 'Standard delay, about {sec} s',
  'live.mode.delayedUnknown': 'Standard delay',
  'live.mode.toRealtime': 'Switch to real time',
  'live.mode.toDelayed': 'Switch to standard delay',
  'live.hls.missing': 'Real-time video is not reaching this browser, and this session has no delayed stream (it is not being recorded, or its recording has stopped). Trying again…',
  'live.hls.stalled': 'Real-time video is not reaching this browser, and the delayed stream has stopped growing (the recorder stopped or its disk is full). Trying again…',
  'live.hls.none': 'Real-time video is not reaching this browser. Trying again…',
  'live.stats.label': 'Statistics',
  'live.stats.mode': 'Mode',
  'live.stats.reason': 'Reason',
  'live.stats.hls': 'Delayed stream',
  'live.reason.starting': 'connecting',
  'live.reason.realtime': 'frames are arriving',
  'live.reason.no-frame': 'no frame in the first 5 seconds',
  'live.reason.lost': 'frames stopped for more than 10 seconds',
  'live.reason.unsupported': 'this browser has no WebRTC',
  'live.reason.capacity': 'the real-time viewer limit is reached',
  'live.reason.manual': 'your choice',
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
