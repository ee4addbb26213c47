import type { PlayerMessages } from './messages.hy';

/** The video player's messages; spread into en.ts. */
export const playerEn: PlayerMessages = {
  'player.quality': 'Quality',
  'player.auto': 'Auto',
  'player.captions': 'Captions',
  'player.captionsOff': 'Off',
  'player.speed': 'Speed',
  'player.chapters': 'Agenda items in the recording',
  'player.volume': 'Volume',
  'player.goLive': 'Back to live',
  'player.loadFailed': 'The recording could not be loaded. Reload the page or try again later.',
  'player.sign.failed': 'The sign-language picture could not be loaded.',
};
