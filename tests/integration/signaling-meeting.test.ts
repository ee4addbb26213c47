import { describe, expect, it } from 'vitest';
import { audioRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { call, login } from '../helpers/auth.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok, request } from '../helpers/signaling.js';

let server: TestServer;
const { open } = withServer((s) => {
  server = s;
});

describe('meeting signaling', () => {
  it('admits staff and invite holders, announces peers, and lets only the host mute others and end it', async () => {
    const sessionId = addSession(server, { kind: 'meeting' });
    const [host, staff] = [await open('clerk'), await open('staff')];
    const resident = await open();

    expect(await request(resident, 'signal:join', { sessionId, role: 'participant' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request(staff, 'signal:join', { sessionId, role: 'viewer' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const hostJoin = await ok(host, 'signal:join', { sessionId, role: 'participant' });
    expect(hostJoin).toMatchObject({ roomKind: 'meeting', host: true, status: 'live', peers: [] });

    const peerJoined = nextEvent(host, 'peer:joined');
    const staffJoin = await ok(staff, 'signal:join', { sessionId, role: 'participant', displayName: 'Spoofed Name' });
    expect(staffJoin).toMatchObject({ host: false, peers: [{ displayName: 'clerk', host: true }] });
    expect(await peerJoined).toMatchObject({ peerId: staffJoin.peerId, displayName: 'staff' });

    const clerkLogin = await login(server, 'clerk');
    const invite = await call(server.url, clerkLogin, 'POST', `/api/sessions/${sessionId}/invites`, { label: 'Guest', validHours: 1 });
    expect(invite.status).toBe(201);
    const guest = await open();
    expect(await request(guest, 'signal:join', { sessionId, role: 'participant', inviteToken: 'wrong-token' })).toMatchObject({ ok: false });
    const guestJoin = await ok(guest, 'signal:join', { sessionId, role: 'participant', inviteToken: invite.body.token, displayName: 'Արմեն' });
    expect(guestJoin).toMatchObject({ host: false });
    expect(guestJoin.peers).toHaveLength(2);

    const transport = await ok(staff, 'signal:create-transport', { direction: 'send' });
    expect(transport).toMatchObject({ id: expect.any(String), iceCandidates: expect.any(Array) });
    const plain = await request(staff, 'signal:create-plain-transport', {});
    expect(plain).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The staff member's microphone, fed as the tests feed every producer without a browser.
    const { producerId } = await ok(staff, 'signal:produce', {
      transportId: transport.id,
      kind: 'audio',
      rtpParameters: { ...audioRtpParameters(7777), mid: '0' },
      source: 'microphone',
    });
    expect(await request(guest, 'meeting:mute', { peerId: staffJoin.peerId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const muted = nextEvent(staff, 'meeting:muted');
    const paused = nextEvent(guest, 'producer:paused');
    await ok(host, 'meeting:mute', { peerId: staffJoin.peerId });
    expect(await muted).toEqual({ by: 'clerk' });
    expect(await paused).toEqual({ producerId, paused: true });

    const left = nextEvent(host, 'peer:left');
    guest.disconnect();
    expect(await left).toEqual({ peerId: guestJoin.peerId });

    expect(await request(staff, 'session:end', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const ended = nextEvent(staff, 'session:ended');
    expect(await ok(host, 'session:end', { sessionId })).toEqual({ status: 'ended' });
    expect(await ended).toMatchObject({ sessionId });
    expect(await request(staff, 'signal:join', { sessionId, role: 'participant' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
