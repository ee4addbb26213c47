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
 * keyframe requests, which ffmpeg would ignore) are dropped, except that a keyframe request calls
 * `onKeyframeRequest` when there is one (a WHIP source's layers pass it on to the encoder, at most once per
 * 300 ms: mediasoup repeats its requests while a viewer waits); only local senders are taken.
 */
export class RtpRelay {
  #packets = 0;
  #closed = false;

  private constructor(
    private readonly rtp: dgram.Socket,
    private readonly rtcp: dgram.Socket,
    /** The address ffmpeg sends to. */
    readonly ip: string,
    private readonly onKeyframeRequest?: () => void,
  ) {}

  #lastKeyframeRequest = 0;

  static async open(target: RelayTarget, onKeyframeRequest?: () => void): Promise<RtpRelay> {
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
    const relay = new RtpRelay(sockets[0]!, sockets[1]!, v6 ? '::1' : '127.0.0.1', onKeyframeRequest);
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
      if (from.port === port && (from.address === ip || isLoopback(ip))) return this.#feedback(packet); // the transport's own RTCP
      this.#packets++;
      socket.send(packet, port, ip);
    });
    // A send to a transport that has just closed: the feed is ending anyway.
    socket.on('error', () => undefined);
  }

  #feedback(rtcp: Buffer): void {
    if (!this.onKeyframeRequest || !asksForKeyframe(rtcp) || Date.now() - this.#lastKeyframeRequest < 300) return;
    this.#lastKeyframeRequest = Date.now();
    this.onKeyframeRequest();
  }
}

/** A keyframe request in an RTCP compound packet: PLI (PT 206, FMT 1) or FIR (PT 206, FMT 4). */
export function asksForKeyframe(rtcp: Buffer): boolean {
  for (let at = 0; at + 4 <= rtcp.length; ) {
    const fmt = rtcp[at]! & 0x1f;
    if (rtcp[at + 1] === 206 && (fmt === 1 || fmt === 4)) return true;
    at += (rtcp.readUInt16BE(at + 2) + 1) * 4;
  }
  return false;
}
