import type { MediaMessages } from './messages-media.hy';

/** The console's Media section (`console.media.*`, admins); spread into console.ru.ts. */
export const mediaRu: MediaMessages = {
  'console.media.title': 'Медиасервер',
  'console.media.intro':
    'Адреса и порты, с которых браузеры жителей получают прямые трансляции. Они выбираются при запуске: после изменения сети перезапустите Nist.',
  'console.media.unreachableTitle': 'Жители за пределами этой сети не увидят трансляцию',
  'console.media.unreachableBody':
    'Адрес сайта (PUBLIC_URL) публичный, но медиасервер предлагает только внутренние или loopback-адреса. Укажите в ANNOUNCED_ADDRESS публичный IP-адрес или имя сервера и откройте порты ниже.',
  'console.media.source': 'Как они выбраны',
  'console.media.source.interfaces': 'Все адреса этого сервера (ANNOUNCED_ADDRESS не задан, RTC_LISTEN_IP — {ip}).',
  'console.media.source.announced': 'Адреса из ANNOUNCED_ADDRESS.',
  'console.media.source.listen-ip': 'Единственный адрес из RTC_LISTEN_IP ({ip}).',
  'console.media.resolved': '{name}: {addresses}',
  'console.media.addresses': 'Адреса для браузеров',
  'console.media.scope.loopback': 'только этот компьютер',
  'console.media.scope.private': 'локальная сеть',
  'console.media.scope.link-local': 'только этот канал',
  'console.media.scope.reserved': 'зарезервирован (для документации или тестов)',
  'console.media.scope.public': 'интернет',
  'console.media.ports': 'Порты, которые нужно открыть в файрволе',
  'console.media.portsValue': 'UDP и TCP: {ports}',
  'console.media.portsFree': 'RTC_PORT равен 0: каждый сокет занял свободный порт (см. ниже). Для постоянных портов задайте RTC_PORT.',
  'console.media.sockets': { one: '{count} сокет', few: '{count} сокета', many: '{count} сокетов', other: '{count} сокета' },
  'console.media.worker': 'Процесс',
  'console.media.offeredAs': 'предлагается как {ip}',
  'console.media.workers': 'Медиапроцессы',
  'console.media.workerLine': {
    one: 'Процесс {index} · PID {pid} · {count} маршрутизатор',
    few: 'Процесс {index} · PID {pid} · {count} маршрутизатора',
    many: 'Процесс {index} · PID {pid} · {count} маршрутизаторов',
    other: 'Процесс {index} · PID {pid} · {count} маршрутизатора',
  },
  'console.media.rooms': { one: '{count} открытая комната', few: '{count} открытые комнаты', many: '{count} открытых комнат', other: '{count} открытой комнаты' },
  'console.media.refresh': 'Обновить',
};
