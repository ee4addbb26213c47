import type { MediaMessages } from './messages-media.hy';

/** The console's Media section (`console.media.*`, admins); spread into console.en.ts. */
export const mediaEn: MediaMessages = {
  'console.media.title': 'Media server',
  'console.media.intro':
    "The addresses and ports residents' browsers receive live broadcasts from. They are chosen at start: restart Nist after the network changes.",
  'console.media.unreachableTitle': 'Residents outside this network will see no live video',
  'console.media.unreachableBody':
    "The site's address (PUBLIC_URL) is public, but the media server offers only private or loopback addresses. Set ANNOUNCED_ADDRESS to the server's public IP address or name, and open the ports below.",
  'console.media.source': 'How they were chosen',
  'console.media.source.interfaces': 'Every address of this server (ANNOUNCED_ADDRESS is not set, RTC_LISTEN_IP is {ip}).',
  'console.media.source.announced': 'The addresses set in ANNOUNCED_ADDRESS.',
  'console.media.source.listen-ip': 'The one address set in RTC_LISTEN_IP ({ip}).',
  'console.media.resolved': '{name}: {addresses}',
  'console.media.addresses': 'Addresses offered to browsers',
  'console.media.scope.loopback': 'this computer only',
  'console.media.scope.private': 'local network',
  'console.media.scope.link-local': 'this link only',
  'console.media.scope.reserved': 'reserved (documentation or testing)',
  'console.media.scope.public': 'Internet',
  'console.media.ports': 'Ports to open in the firewall',
  'console.media.portsValue': 'UDP and TCP {ports}',
  'console.media.portsFree': 'RTC_PORT is 0: each socket took a free port (see below). Set RTC_PORT for fixed ports.',
  'console.media.sockets': { one: '{count} socket', other: '{count} sockets' },
  'console.media.worker': 'Worker',
  'console.media.offeredAs': 'offered as {ip}',
  'console.media.workers': 'Media workers',
  'console.media.workerLine': { one: 'Worker {index} · PID {pid} · {count} router', other: 'Worker {index} · PID {pid} · {count} routers' },
  'console.media.rooms': { one: '{count} open room', other: '{count} open rooms' },
  'console.media.refresh': 'Refresh',
};
