import type { Message } from '../i18n/message';

/**
 * An interrupted broadcast (residents), a recording stopped by a full disk (the studio and the console's alarms),
 * an interrupted recording in the archivists' list; spread into hy.ts. The reference for en and ru.
 */
export const interruptionsHy = {
  'live.mode.realtime': 'Իրական ժամանակ',
  'live.mode.delayed': 'Սովորական ուշացում, մոտ {sec} վ',
  'live.mode.delayedUnknown': 'Սովորական ուշացում',
  'live.mode.toRealtime': 'Անցնել իրական ժամանակի',
  'live.mode.toDelayed': 'Անցնել սովորական ուշացման',
  'live.hls.missing': 'Իրական ժամանակի տեսանյութը չի հասնում այս դիտարկիչին, իսկ ուշացումով հոսք այս նիստի համար չկա (նիստը չի տեսագրվում կամ տեսագրությունը դադարել է)։ Փորձում ենք կրկին…',
  'live.hls.stalled': 'Իրական ժամանակի տեսանյութը չի հասնում այս դիտարկիչին, իսկ ուշացումով հոսքը դադարել է աճել (տեսագրիչը կանգ է առել կամ սկավառակը լցված է)։ Փորձում ենք կրկին…',
  'live.hls.none': 'Իրական ժամանակի տեսանյութը չի հասնում այս դիտարկիչին։ Փորձում ենք կրկին…',
  'live.stats.label': 'Վիճակագրություն',
  'live.stats.mode': 'Եղանակ',
  'live.stats.reason': 'Պատճառ',
  'live.stats.hls': 'Ուշացումով հոսք',
  'live.reason.starting': 'միացում',
  'live.reason.realtime': 'կադրերը հասնում են',
  'live.reason.no-frame': 'առաջին 5 վայրկյանում կադր չեկավ',
  'live.reason.lost': 'կադրերը դադարեցին 10 վայրկյանից ավելի',
  'live.reason.unsupported': 'դիտարկիչը WebRTC չի աջակցում',
  'live.reason.capacity': 'իրական ժամանակի դիտողների սահմանը լրացել է',
  'live.reason.manual': 'ձեր ընտրությունը',
  'live.interrupted': 'Հեռարձակումն ընդհատվել է',
  'live.interruptedNote': 'Այն կվերսկսվի այստեղ ինքնաբերաբար, էջը թարմացնել պետք չէ։ Եթե հեռարձակումը չվերսկսվի մինչև {time}, նիստը կավարտվի։',
  'studio.alarm.diskFull': 'Տեսագրությունը դադարեցվել է. տեսագրությունների սկավառակը լցված է',
  'studio.alarm.diskFullNote':
    'Հեռարձակումը շարունակվում է, արդեն տեսագրվածը պահպանված է։ Ազատ է {free}, անհրաժեշտ է {needed}։ Տեղ ազատվելուն պես տեսագրությունն ինքնաբերաբար կշարունակվի նույն տեսագրության մեջ։ Տեղեկացրեք սերվերի ադմինիստրատորին։',
  'console.alarms.label': 'Ահազանգեր',
  'console.alarms.diskFull':
    '«{title}» նիստի տեսագրությունը դադարեցվել է. տեսագրությունների սկավառակը լցված է (ազատ է {free}, անհրաժեշտ է {needed})։ Հեռարձակումը շարունակվում է, տեղ ազատվելուն պես տեսագրությունն ինքնաբերաբար կվերսկսվի։',
  'console.alarms.diskLow': 'Տեսագրությունների սկավառակին ազատ է {free}, ավելի քիչ, քան տեսագրության համար անհրաժեշտ {needed}-ը։ Ազատեք տեղ կամ տեղափոխեք հին տեսագրությունները։',
  'console.alarms.openStudio': 'Բացել ստուդիան',
  'console.recordings.status.interrupted': 'Ընդհատված',
  'console.recordings.reason.disk_full': 'սկավառակը լցված է',
  'console.recordings.reason.source_lost': 'հեռարձակման աղբյուրն անջատվել է',
} satisfies Record<string, Message>;

export type InterruptionsMessages = Record<keyof typeof interruptionsHy, Message>;
