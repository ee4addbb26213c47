import type { Message } from '../i18n/message';

/** The studio's "stream from an encoder" panel (stream keys, OBS settings); spread into hy.ts. The reference for en and ru. */
export const encoderHy = {
  'encoder.title': 'Հեռարձակել կոդավորիչից (OBS)',
  'encoder.intro': 'OBS-ը, vMix-ը կամ սարքային կոդավորիչը կարող է նիստը եթեր հանել RTMP-ով։ Ստեղծեք բանալի և տեղադրեք ստորև նշված կարգավորումները։',
  'encoder.create': 'Ստեղծել հեռարձակման բանալի',
  'encoder.replace': 'Ստեղծել նոր բանալի (հինը կչեղարկվի)',
  'encoder.revoke': 'Չեղարկել բանալին',
  'encoder.active': 'Այս նիստն ունի ակտիվ բանալի ({date})։ Այն ցույց է տրվում միայն ստեղծելիս։',
  'encoder.none': 'Բանալի դեռ չկա։',
  'encoder.shownOnce': 'Պատճենեք բանալին հիմա. այն այլևս ցույց չի տրվի։',
  'encoder.server': 'Սերվեր',
  'encoder.key': 'Հեռարձակման բանալի',
  'encoder.copy': 'Պատճենել',
  'encoder.copied': 'Պատճենված է',
  'encoder.rtmpOff': 'RTMP ընդունումն այս սերվերում անջատված է (RTMP_PORT=off)։',
  'encoder.settings': 'Կարգավորումներ OBS-ում',
  'encoder.setting.service': 'Ծառայություն՝ Custom (Հատուկ)',
  'encoder.setting.keyframe': 'Հիմնական կադրերի միջակայք՝ 2 վ',
  'encoder.setting.profile': 'Տեսանյութ՝ H.264, baseline կամ main պրոֆիլ, առանց B-կադրերի (B-կադրերով հոսքը վերակոդավորվում է, ինչը ծախսում է սերվերի պրոցեսորը)',
  'encoder.setting.audio': 'Ձայն՝ AAC, 48 կՀց',
  'encoder.onAir': 'Կոդավորիչը եթերում է ({address})',
  'encoder.video': 'Տեսանյութ',
  'encoder.audio': 'Ձայն',
  'encoder.transcoded': 'վերակոդավորվում է',
  'encoder.copiedAsIs': 'փոխանցվում է առանց փոփոխման',
  'encoder.error': 'Չհաջողվեց. {message}',
} satisfies Record<string, Message>;

export type EncoderMessages = Record<keyof typeof encoderHy, Message>;
