import { addressScope, isPublicHost, plannedPorts, resolveAnnouncedAddresses } from '../../media/sfu/media-addresses.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import type { Config } from '../core/config.js';
import type { MediaAddresses } from './media.contract.js';
import type { Logger } from '../core/logger.js';

/**
 * Resolves ANNOUNCED_ADDRESS, starts the workers, logs what browsers are offered, and warns when PUBLIC_URL is
 * public but every announced address is loopback or private (a cloud VM or NAT without ANNOUNCED_ADDRESS).
 */
export async function startWorkerPool(config: Config, log: Logger): Promise<{ workers: WorkerPool; addresses: MediaAddresses }> {
  const m = config.media;
  const configured = await resolveAnnouncedAddresses(m.announcedAddresses);
  const named = configured.filter((c) => c.addresses.length !== 1 || c.addresses[0] !== c.name);
  if (named.length > 0) log.info({ component: 'media', resolved: named }, 'announced names resolved');
  const workers = await WorkerPool.start(
    {
      size: m.workers,
      listenIp: m.listenIp,
      announcedAddresses: configured.flatMap((c) => c.addresses),
      webRtcServerPort: m.webRtcServerPort,
      rtcMinPort: m.rtcMinPort,
      rtcMaxPort: m.rtcMaxPort,
    },
    log.child({ component: 'sfu' }),
  );
  const plan = workers.addressPlan;
  if (plan.skipped) {
    log.warn({ component: 'media', skipped: plan.skipped }, 'more host addresses than the media server can offer; set ANNOUNCED_ADDRESS to choose');
  }
  const announced = [...new Set(plan.endpoints.map((e) => e.announcedIp ?? e.ip))].map((ip) => ({ ip, scope: addressScope(ip) }));
  const publicUrlHost = config.publicUrl ? new URL(config.publicUrl).hostname : undefined;
  const addresses: MediaAddresses = {
    source: plan.source,
    listenIp: plan.listenIp,
    configured,
    announced,
    ports: plannedPorts(plan, m.webRtcServerPort, m.workers),
    unreachableFromPublicUrl: !!publicUrlHost && isPublicHost(publicUrlHost) && !announced.some((a) => a.scope === 'public'),
  };
  log.info(
    {
      component: 'media',
      source: addresses.source,
      listenIp: addresses.listenIp,
      announced: announced.map((a) => a.ip),
      ports: addresses.ports,
      listeners: workers.sockets.map((l) => `${l.protocol} ${l.ip}:${l.port}${l.announcedIp !== l.ip ? ` as ${l.announcedIp}` : ''}`),
    },
    'media addresses',
  );
  if (addresses.unreachableFromPublicUrl) {
    const list = announced.map((a) => `${a.ip} (${a.scope})`).join(', ');
    log.warn({ component: 'media', publicUrl: config.publicUrl, announced: announced.map((a) => a.ip) }, 'media addresses are not reachable from PUBLIC_URL');
    process.stderr.write(
      `WARNING: PUBLIC_URL is ${config.publicUrl}, but the media server offers browsers only ${list}; residents outside this network will see no live video. Set ANNOUNCED_ADDRESS to the public IP (or name) and open UDP and TCP ${portsText(addresses.ports)}.\n`,
    );
  }
  return { workers, addresses };
}

function portsText(ports: number[]): string {
  if (ports.length === 0) return 'the media ports (RTC_PORT)';
  const contiguous = ports.every((p, i) => i === 0 || p === ports[i - 1]! + 1);
  return contiguous && ports.length > 1 ? `ports ${ports[0]}–${ports.at(-1)}` : `port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}`;
}
