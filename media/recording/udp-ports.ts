import dgram from 'node:dgram';

const bind = (port: number, host: string) =>
  new Promise<dgram.Socket>((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => resolve(socket));
  });

/**
 * An even UDP port whose successor is free too (RTP and RTCP for ffmpeg to listen on). The sockets are
 * released before returning, so there is a small window in which another process could take them; ports
 * are drawn at random from a range the SFU does not use to make that unlikely.
 */
export async function freeRtpPortPair(host = '127.0.0.1', range: [number, number] = [20000, 29998]): Promise<{ rtp: number; rtcp: number }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const rtp = range[0] + 2 * Math.floor((Math.random() * (range[1] - range[0])) / 2);
    const sockets: dgram.Socket[] = [];
    try {
      sockets.push(await bind(rtp, host));
      sockets.push(await bind(rtp + 1, host));
      return { rtp, rtcp: rtp + 1 };
    } catch {
      // taken; try another
    } finally {
      await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  }
  throw new Error('no free UDP port pair for recording');
}

/** Resolves true once another process listens on `port` (a test bind fails), false after `timeoutMs`. */
export async function waitUntilBound(port: number, host = '127.0.0.1', timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const socket = await bind(port, host);
      await new Promise<void>((r) => socket.close(() => r()));
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
