import type { Message } from '../i18n/message';

/** The video player's messages (`player.*` controls); spread into hy.ts. The reference for en and ru. */
export const playerHy = {
  'player.quality': 'Որակ',
  'player.auto': 'Ավտոմատ',
  'player.captions': 'Ենթագրեր',
  'player.captionsOff': 'Անջատված',
  'player.speed': 'Արագություն',
  'player.chapters': 'Օրակարգի կետերը տեսագրության մեջ',
  'player.volume': 'Ձայնի ուժգնություն',
  'player.goLive': 'Վերադառնալ ուղիղ եթեր',
  'player.loadFailed': 'Տեսագրությունը չհաջողվեց բեռնել։ Թարմացրեք էջը կամ փորձեք ավելի ուշ։',
  'player.sign.failed': 'Ժեստերի լեզվի պատկերը չհաջողվեց բեռնել։',
} satisfies Record<string, Message>;

export type PlayerMessages = Record<keyof typeof playerHy, Message>;
