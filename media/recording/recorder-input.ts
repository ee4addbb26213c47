import type { types } from 'mediasoup';
import { codecNameOf, type SdpStream } from './sdp.js';
import { freeRtpPortPair } from './udp-ports.js';

/**
 * One producer as the recorder receives it: a PlainTransport (no comedia, no RTCP mux) sending a paused
 * consumer's RTP to a port pair that ffmpeg listens on. The ports stay the same across ffmpeg restarts.
 */
export class RecorderInput {
  private constructor(
    readonly producer: types.Producer,
    readonly transport: types.PlainTransport,
    readonly consumer: types.Consumer,
    readonly ports: { rtp: number; rtcp: number },
  ) {}

  static async create(router: types.Router, producer: types.Producer): Promise<RecorderInput> {
    const ports = await freeRtpPortPair();
    const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: false });
    try {
      await transport.connect({ ip: '127.0.0.1', port: ports.rtp, rtcpPort: ports.rtcp });
      // Only the producer's own codec: no RTX (ffmpeg would read retransmissions as media).
      const mime = producer.rtpParameters.codecs[0]!.mimeType.toLowerCase();
      const rtpCapabilities: types.RtpCapabilities = {
        codecs: (router.rtpCapabilities.codecs ?? []).filter((c) => c.mimeType.toLowerCase() === mime),
        headerExtensions: [],
      };
      const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities, paused: true });
      if (consumer.type === 'simulcast' || consumer.type === 'svc') {
        // The recording wants the best layer there is; mediasoup clamps to the highest available.
        await consumer.setPreferredLayers({ spatialLayer: 9, temporalLayer: 9 });
      }
      return new RecorderInput(producer, transport, consumer, ports);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  get kind(): types.MediaKind {
    return this.consumer.kind;
  }

  get videoCodec(): 'h264' | 'vp8' | 'vp9' {
    const name = codecNameOf(this.consumer.rtpParameters.codecs[0]!.mimeType).toLowerCase();
    return name === 'vp8' || name === 'vp9' ? name : 'h264';
  }

  get sdpStream(): SdpStream {
    const codec = this.consumer.rtpParameters.codecs[0]!;
    return {
      kind: this.consumer.kind,
      payloadType: codec.payloadType,
      codecName: codecNameOf(codec.mimeType),
      clockRate: codec.clockRate,
      channels: codec.channels,
      parameters: codec.parameters,
      rtpPort: this.ports.rtp,
      rtcpPort: this.ports.rtcp,
    };
  }

  get closed(): boolean {
    return this.consumer.closed || this.transport.closed;
  }

  async start(): Promise<void> {
    if (this.closed) return;
    await this.consumer.resume();
    await this.requestKeyFrame();
  }

  async requestKeyFrame(): Promise<void> {
    if (this.closed || this.consumer.kind !== 'video') return;
    try {
      await this.consumer.requestKeyFrame();
    } catch {
      // the consumer closed meanwhile
    }
  }

  /** `gone` when the producer or its transport closes (its router went with a dead worker); `flow` on pause or resume. */
  watch(on: { gone: () => void; flow: () => void }): void {
    this.consumer.on('producerclose', on.gone);
    this.consumer.on('transportclose', on.gone);
    this.producer.observer.on('pause', on.flow);
    this.producer.observer.on('resume', on.flow);
    this.transport.observer.once('close', () => {
      this.producer.observer.off('pause', on.flow);
      this.producer.observer.off('resume', on.flow);
    });
  }

  close(): void {
    this.transport.close();
  }
}
