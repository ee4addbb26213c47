import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { failoverUrl, watchEdge } from '../../../web/src/lib/live/edge-failover.js';

const onEdge = { origin: 'http://10.0.0.2:3001', pathname: '/sessions/7', search: '?lang=hy' };

describe('where a resident page on a dead edge goes', () => {
  it('goes to the same page at the origin, keeping the query', () => {
    expect(failoverUrl('https://nist.example.am/', onEdge)).toBe('https://nist.example.am/sessions/7?lang=hy');
  });

  it('stays on a page the origin serves, or when no usable origin is named', () => {
    expect(failoverUrl(null, onEdge)).toBeNull();
    expect(failoverUrl('', onEdge)).toBeNull();
    expect(failoverUrl('not a url', onEdge)).toBeNull();
    expect(failoverUrl('http://10.0.0.2:3001', onEdge)).toBeNull();
  });
});

describe('watching the edge socket', () => {
  // The socket is an EventEmitter, the wait a short real one (30 ms) instead of the page's 8 s.
  const watch = (socket: EventEmitter, gone: string[]) =>
    watchEdge(socket as never, { origin: 'http://origin.test', here: onEdge, go: (u) => gone.push(u), afterMs: 30 });
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('leaves for the origin once the socket stays down', async () => {
    const socket = new EventEmitter();
    const gone: string[] = [];
    watch(socket, gone);
    socket.emit('disconnect', 'transport close');
    await pause(80);
    expect(gone).toEqual(['http://origin.test/sessions/7?lang=hy']);
  });

  it('stays when the socket comes back in time, when the page closed it, or after stop', async () => {
    const socket = new EventEmitter();
    const gone: string[] = [];
    const stop = watch(socket, gone);
    socket.emit('disconnect', 'transport close');
    socket.emit('connect');
    socket.emit('disconnect', 'io client disconnect');
    await pause(80);
    socket.emit('disconnect', 'ping timeout');
    stop();
    await pause(80);
    expect(gone).toEqual([]);
  });
});
