import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';

/** Where a comedia PlainTransport listens (RTP, and RTCP on its own port). */
export type RelayTarget = { ip: string; port: number; rtcpPort: number };

const isLoopback = (address: string) => /^(127\.|::1$|::ffff:127\.)/.test(address);

/**
 * Forwards the RTP (and RTCP) of several senders to one comedia PlainTransport from a single socket each.
 *
 * A server-side simulcast is one producer with one SSRC per layer, so all layers must enter through one
 * PlainTransport; comedia locks that transport onto the first remote address it hears from and drops the rest,
 * and ffmpeg sends each RTP output from a socket of its own (its rtp protocol cannot share a local port). The
 * relay receives every layer on one port and sends all of them on from that same socket, so the transport sees
 * one sender. RTCP goes the same way on a second pair: the layers' sender reports are what mediasoup aligns
 * timestamps with when it switches a viewer between layers. Packets from the transport back (receiver reports,
 * keyframe requests, which ffmpeg would ignore) are dropped, and only local senders are taken.
 */
export class RtpRelay {
  #packets = 0;
  #closed = false;

  private constructor(
    private readonly rtp: dgram.Socket,
    private readonly rtcp: dgram.Socket,
    /** The address ffmpeg sends to. */
    readonly ip: string,
  ) {}

  static async open(target: RelayTarget): Promise<RtpRelay> {
    const v6 = net.isIPv6(target.ip);
    // Bound to loopback when the transport is on loopback; else on every address (it has to reach the
    // transport's), taking packets from local senders only.
    const bindIp = isLoopback(target.ip) ? (v6 ? '::1' : '127.0.0.1') : v6 ? '::' : '0.0.0.0';
    const sockets: dgram.Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4', recvBufferSize: 4 << 20 });
        sockets.push(socket);
        socket.bind(0, bindIp);
        await once(socket, 'listening');
      }
    } catch (error) {
      for (const s of sockets) s.close();
      throw error;
    }
    const relay = new RtpRelay(sockets[0]!, sockets[1]!, v6 ? '::1' : '127.0.0.1');
    relay.#forward(sockets[0]!, target.ip, target.port);
    relay.#forward(sockets[1]!, target.ip, target.rtcpPort);
    return relay;
  }

  /** The RTP port ffmpeg sends every layer to. */
  get port(): number {
    return this.rtp.address().port;
  }
  get rtcpPort(): number {
    return this.rtcp.address().port;
  }
  /** RTP and RTCP packets forwarded so far. */
  get packets(): number {
    return this.#packets;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.rtp.close();
    this.rtcp.close();
  }

  #forward(socket: dgram.Socket, ip: string, port: number): void {
    socket.on('message', (packet, from) => {
      if (this.#closed || !isLoopback(from.address)) return;
      if (from.port === port && (from.address === ip || isLoopback(ip))) return; // the transport's own RTCP
      this.#packets++;
      socket.send(packet, port, ip);
    });
    // A send to a transport that has just closed: the feed is ending anyway.
    socket.on('error', () => undefined);
  }
}
