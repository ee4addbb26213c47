import type { Message } from '../i18n/message';

/** Live captions: the captioning console and the caption overlay on the live page; spread into hy.ts. The reference for en and ru. */
export const captionsHy = {
  'captions.console.title': 'Ուղիղ ենթագրեր',
  'captions.console.intro': 'Մուտքագրեք այն, ինչ ասվում է, և սեղմեք Enter. տողն անմիջապես հասնում է դիտողներին։ Վերջին տողը կարելի է ուղղել {sec} վայրկյանի ընթացքում։',
  'captions.console.line': 'Ենթագրի տող',
  'captions.console.lang': 'Լեզու',
  'captions.console.send': 'Ուղարկել',
  'captions.console.sending': 'Ուղարկվում է…',
  'captions.console.count': '{count}/{max}',
  'captions.console.sent': 'Ուղարկված տողեր',
  'captions.console.none': 'Դեռ տողեր չկան։',
  'captions.console.edit': 'Ուղղել վերջին տողը',
  'captions.console.editLabel': 'Վերջին տողի ուղղում',
  'captions.console.save': 'Պահպանել ուղղումը',
  'captions.console.cancel': 'Չեղարկել',
  'captions.console.countdown': { one: 'Ուղղելու համար մնաց {count} վայրկյան', other: 'Ուղղելու համար մնաց {count} վայրկյան' },
  'captions.console.corrected': 'ուղղված',
  'captions.console.notLive': 'Նիստն ուղիղ եթերում չէ. տողերը կարելի է ուղարկել միայն եթերի ընթացքում։',
  'captions.console.login': 'Մուտք գործեք որպես ենթագրող կամ քարտուղար՝ ենթագրեր ուղարկելու համար։',
  'captions.console.loginLink': 'Մուտք',
  'captions.console.error': 'Չհաջողվեց. {message}',
  'captions.console.loadError': 'Նիստը չհաջողվեց բեռնել։',
  'captions.console.offline': 'Կապը սերվերի հետ ընդհատվել է. վերականգնվում է…',
  'captions.lang.hy': 'Հայերեն',
  'captions.lang.en': 'Անգլերեն',
  'captions.lang.ru': 'Ռուսերեն',
  'captions.overlay.label': 'Ենթագրեր',
  'captions.overlay.toggle': 'Ենթագրեր',
  'captions.overlay.size': 'Ենթագրերի չափը',
  'captions.overlay.small': 'Փոքր',
  'captions.overlay.medium': 'Միջին',
  'captions.overlay.large': 'Մեծ',
} satisfies Record<string, Message>;

export type CaptionMessages = Record<keyof typeof captionsHy, Message>;
