import type { Message } from '../i18n/message';

/** The console's Media section (`console.media.*`, admins); spread into console.hy.ts. The reference for en and ru. */
export const mediaHy = {
  'console.media.title': 'Մեդիասերվեր',
  'console.media.intro':
    'Հասցեներն ու պորտերը, որոնցից բնակիչների դիտարկիչները ստանում են ուղիղ հեռարձակումը։ Դրանք ընտրվում են գործարկման ժամանակ․ ցանցը փոխելուց հետո վերագործարկեք Nist-ը։',
  'console.media.unreachableTitle': 'Այս ցանցից դուրս գտնվող բնակիչները ուղիղ հեռարձակումը չեն տեսնի',
  'console.media.unreachableBody':
    'Կայքի հասցեն (PUBLIC_URL) հանրային է, բայց մեդիասերվերն առաջարկում է միայն ներքին կամ loopback հասցեներ։ ANNOUNCED_ADDRESS-ում նշեք սերվերի հանրային IP հասցեն կամ անունը և բացեք ստորև նշված պորտերը։',
  'console.media.source': 'Ինչպես են ընտրվել',
  'console.media.source.interfaces': 'Այս սերվերի բոլոր հասցեները (ANNOUNCED_ADDRESS-ը նշված չէ, RTC_LISTEN_IP-ն {ip} է)։',
  'console.media.source.announced': 'ANNOUNCED_ADDRESS-ում նշված հասցեները։',
  'console.media.source.listen-ip': 'RTC_LISTEN_IP-ում նշված միակ հասցեն ({ip})։',
  'console.media.resolved': '{name}՝ {addresses}',
  'console.media.addresses': 'Դիտարկիչներին առաջարկվող հասցեներ',
  'console.media.scope.loopback': 'միայն այս համակարգիչը',
  'console.media.scope.private': 'տեղային ցանց',
  'console.media.scope.link-local': 'միայն այս կապուղին',
  'console.media.scope.reserved': 'ամրագրված (փաստաթղթերի կամ փորձարկման համար)',
  'console.media.scope.public': 'ինտերնետ',
  'console.media.ports': 'Firewall-ում բացելու պորտեր',
  'console.media.portsValue': 'UDP և TCP՝ {ports}',
  'console.media.portsFree': 'RTC_PORT-ը 0 է․ յուրաքանչյուր սոկետ վերցրել է ազատ պորտ (տես ստորև)։ Ֆիքսված պորտերի համար նշեք RTC_PORT։',
  'console.media.sockets': { one: 'Սոկետներ ({count})', other: 'Սոկետներ ({count})' },
  'console.media.worker': 'Պրոցես',
  'console.media.offeredAs': 'առաջարկվում է որպես {ip}',
  'console.media.workers': 'Մեդիա պրոցեսներ',
  'console.media.workerLine': { one: 'Պրոցես {index} · PID {pid} · {count} երթուղիչ', other: 'Պրոցես {index} · PID {pid} · {count} երթուղիչ' },
  'console.media.rooms': { one: '{count} բաց սենյակ', other: '{count} բաց սենյակ' },
  'console.media.refresh': 'Թարմացնել',
} satisfies Record<string, Message>;

export type MediaMessages = Record<keyof typeof mediaHy, Message>;
