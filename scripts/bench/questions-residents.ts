// A worker thread of the questions benchmark: `count` residents watching one session, each a bare WebSocket
// speaking the socket.io wire protocol (a thousand full socket.io clients in the measuring process would
// measure its event loop rather than the server; a real resident's phone does its own parsing). Reports,
// per question id, when each resident received its `question:approved`.
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, sessionId, count } = workerData as { url: string; sessionId: number; count: number };
const now = () => performance.timeOrigin + performance.now();
const approvedId = Buffer.from('"question:approved",{"id":');
/** Residents' questions live on the /questions namespace: every packet of it carries the namespace's name. */
const nsp = '/questions,';
const eventPrefix = Buffer.from(`42${nsp}[`);

function resident(onApproved: (id: number) => void): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin: url, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data: Buffer) => {
      // The hot path reads bytes: `42/questions,["question:approved",{"id":123,…` or the same inside a `questions:batch`.
      if (data.length > eventPrefix.length && data.compare(eventPrefix, 0, eventPrefix.length, 0, eventPrefix.length) === 0) {
        for (let at = data.indexOf(approvedId); at !== -1; at = data.indexOf(approvedId, at)) {
          let i = at + approvedId.length;
          let id = 0;
          for (let c = data[i]!; c >= 0x30 && c <= 0x39; c = data[++i]!) id = id * 10 + c - 0x30;
          onApproved(id);
          at = i;
        }
        return;
      }
      const m = data.toString();
      if (m === '2') ws.send('3');
      else if (m.startsWith('0{')) ws.send(`40${nsp}${JSON.stringify({ client: randomBytes(16).toString('base64url') })}`);
      else if (m.startsWith(`40${nsp}{`)) ws.send(`42${nsp}1${JSON.stringify(['questions:subscribe', { sessionId }])}`);
      else if (m.startsWith(`44${nsp}`)) reject(new Error(`the /questions namespace refused the connection: ${m}`));
      else if (m.startsWith(`43${nsp}1[`)) {
        if (m.startsWith(`43${nsp}1[{"ok":true`)) resolve(ws);
        else reject(new Error(`subscribe failed: ${m}`));
      }
    });
  });
}

/** received[id] = receive times, one per resident that got it. */
const received = new Map<number, number[]>();
const sockets: WebSocket[] = [];
for (let batch = 0; batch < count; batch += 50) {
  sockets.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(50, count - batch) }, () =>
        resident((id) => {
          const list = received.get(id);
          if (list) list.push(now());
          else received.set(id, [now()]);
        }),
      ),
    )),
  );
}
parentPort!.postMessage({ type: 'ready' });
parentPort!.on('message', (m: { type: string }) => {
  if (m.type === 'report') parentPort!.postMessage({ type: 'report', received: [...received] });
  if (m.type === 'close') {
    for (const ws of sockets) ws.close();
    parentPort!.close();
  }
});
