import { Device, detectDevice, type types } from 'mediasoup-client';
import { Chrome111 } from 'mediasoup-client/handlers/Chrome111';

type Direction = 'sendonly' | 'recvonly';

/**
 * A mediasoup-client Device that has already started asking the browser what it can send and receive.
 * `device.load()` first reads the browser's own capabilities (a throwaway RTCPeerConnection and offer per
 * direction, one after the other: tens of milliseconds each on a busy phone, more for the page's first
 * connection) and only then combines them with the router's. That first half needs nothing from the server,
 * so it starts here, while the socket connects and the join is answered. Browsers other than Chromium's current
 * line get a plain Device (the same work, at load time).
 */
export function warmDevice(): Device {
  if (detectDevice() !== 'Chrome111') return new Device();
  const base = Chrome111.createFactory();
  const native = new Map<Direction, Promise<types.RtpCapabilities>>();
  const capabilities = (direction: Direction) => {
    let asked = native.get(direction);
    if (!asked) {
      asked = base.getNativeRtpCapabilities({ direction });
      native.set(direction, asked);
      // A failure surfaces in load(), which asks again for the same promise.
      asked.catch(() => undefined);
    }
    return asked;
  };
  // The order load() asks in: receiving first (a viewer needs only that one before it can consume).
  void capabilities('recvonly').then(() => capabilities('sendonly'));
  return new Device({ handlerFactory: { ...base, getNativeRtpCapabilities: ({ direction }) => capabilities(direction) } });
}

/** `warmDevice()`, or null in a browser without WebRTC (where the join's own `warmDevice()` throws, and says why). */
export function warmDeviceIfSupported(): Device | null {
  try {
    return warmDevice();
  } catch {
    return null;
  }
}

/** H.264 when this browser can send it (the recorder copies it), VP8 otherwise. */
export function preferredVideoCodec(device: Device): types.RtpCodecCapability | undefined {
  const codecs = device.rtpCapabilities.codecs ?? [];
  return codecs.find((c) => c.mimeType.toLowerCase() === 'video/h264') ?? codecs.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
}
