import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResidentEvent } from '../../../../server/questions/questions.contract.js';
import { ResidentFanout } from '../../../../server/questions/resident-fanout.js';

const approved = (id: number): ResidentEvent => ['question:approved', { id, sessionId: 1 } as never];

describe('ResidentFanout', () => {
  let sent: [number, number[]][];
  let fanout: ResidentFanout;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    fanout = new ResidentFanout((sessionId, events) => sent.push([sessionId, events.map((e) => (e[1] as { id: number }).id)]), 50, () => Date.now());
  });
  afterEach(() => {
    fanout.close();
    vi.useRealTimers();
  });

  it('sends a quiet session’s event at once', () => {
    fanout.push(1, approved(1));
    expect(sent).toEqual([[1, [1]]]);
    vi.advanceTimersByTime(200);
    fanout.push(1, approved(2));
    expect(sent).toEqual([[1, [1]], [1, [2]]]);
  });

  it('sends a busy session’s events together at the end of the window, in order, losing none', () => {
    fanout.push(1, approved(1));
    vi.advanceTimersByTime(10);
    fanout.push(1, approved(2));
    fanout.push(2, approved(9));
    vi.advanceTimersByTime(20);
    fanout.push(1, approved(3));
    expect(sent).toEqual([[1, [1]], [2, [9]]]);
    vi.advanceTimersByTime(20);
    expect(sent).toEqual([[1, [1]], [2, [9]], [1, [2, 3]]]);
    vi.advanceTimersByTime(500);
    expect(sent.flatMap(([, ids]) => ids).sort()).toEqual([1, 2, 3, 9]);
  });
});
