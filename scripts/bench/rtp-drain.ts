// A child process that receives (S)RTP on loopback sockets and counts packets per SSRC, so a benchmark can
// compute loss from sequence numbers without spending its own event loop on the packets.
//   parent → { type: 'snapshot' }   child → { type: 'snapshot', streams: [ssrc, received, extendedHighestSeq][] }
import dgram from 'node:dgram';

const socketCount = Number(process.argv[2] ?? 4);
type Stream = { received: number; ext: number };
const streams = new Map<number, Stream>();

function onPacket(msg: Buffer): void {
  if (msg.length < 12) return;
  const pt = msg[1]! & 0x7f;
  if (pt >= 72 && pt <= 76) return; // RTCP (200–204 with the marker bit read as payload type)
  const seq = msg.readUInt16BE(2);
  const ssrc = msg.readUInt32BE(8);
  const s = streams.get(ssrc);
  if (!s) return void streams.set(ssrc, { received: 1, ext: seq });
  s.received += 1;
  const cycles = s.ext - (s.ext & 0xffff);
  let candidate = cycles + seq;
  if (candidate < s.ext - 0x8000) candidate += 0x10000;
  else if (candidate > s.ext + 0x8000) candidate -= 0x10000;
  if (candidate > s.ext) s.ext = candidate;
}

const ports: number[] = [];
for (let i = 0; i < socketCount; i++) {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  socket.on('message', onPacket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  ports.push(socket.address().port);
}
process.send!({ type: 'ready', ports });
process.on('message', (m: { type: string }) => {
  if (m.type === 'snapshot') process.send!({ type: 'snapshot', streams: [...streams].map(([ssrc, s]) => [ssrc, s.received, s.ext]) });
});
process.on('disconnect', () => process.exit(0));
