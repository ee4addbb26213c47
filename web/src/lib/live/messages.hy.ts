import type { Message } from '../i18n/message';

/**
 * An interrupted broadcast (residents), a recording stopped by a full disk (the studio and the console's alarms),
 * an interrupted recording in the archivists' list; spread into hy.ts. The reference for en and ru.
 */
export const interruptionsHy = {
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
