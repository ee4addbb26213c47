import type { types } from 'mediasoup';
import { MediaError, rejectedAs } from './errors.js';
import type { ConsumerInfo, Layers, ProducerInfo } from './room-types.js';

export type ConsumeRequest = { transportId: string; producerId: string; rtpCapabilities: types.RtpCapabilities; preferredLayers?: Layers };

/**
 * A paused consumer of the producer on the viewer's transport (resumed once the client has set it up), after the
 * viewer's router said its browser can decode the producer's codec. The transport is looked up after that check.
 */
export async function openConsumer(router: types.Router, transportOf: () => types.Transport, request: ConsumeRequest): Promise<types.Consumer> {
  const canConsume = await rejectedAs('Checking capabilities', async () =>
    router.canConsume({ producerId: request.producerId, rtpCapabilities: request.rtpCapabilities }),
  );
  if (!canConsume) throw new MediaError('bad_request', 'This browser cannot decode that stream.');
  const transport = transportOf();
  return rejectedAs('Consuming', () =>
    transport.consume({
      producerId: request.producerId,
      rtpCapabilities: request.rtpCapabilities,
      paused: true,
      preferredLayers: request.preferredLayers,
    }),
  );
}

/** What the viewer is told of a new consumer: its parameters and whose source it carries. */
export const consumerInfo = (consumer: types.Consumer, source: ProducerInfo): ConsumerInfo => ({
  id: consumer.id,
  producerId: source.producerId,
  peerId: source.peerId,
  source: source.source,
  kind: consumer.kind,
  rtpParameters: consumer.rtpParameters,
  type: consumer.type,
  producerPaused: consumer.producerPaused,
});
