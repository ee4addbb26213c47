import { describe, expect, it } from 'vitest';
import { conditions, markdownTable, speedVsRealTime, type BenchResult } from '../../../scripts/bench/lib.js';

describe('bench figures say what they mean', () => {
  it('states a real-time factor as faster or slower than real time, never as a bare ×', () => {
    expect(speedVsRealTime(30, 8.6)).toEqual({ factor: 30 / 8.6, text: '3.49× faster than real time: 30 s of media in 8.6 s' });
    expect(speedVsRealTime(30, 60).text).toBe('2× slower than real time: 30 s of media in 60 s');
  });

  it("heads every result with its dates, the load average at its start and the CPU steal it saw", () => {
    const r: BenchResult = {
      name: 'x',
      started: '2026-12-02T10:00:00.000Z',
      when: '2026-12-02T10:05:00.000Z',
      machine: '2 × CPU, Node v20',
      loadAtStart: [0.42, 0.5, 0.61],
      stealPercent: 3.04,
      figures: [],
      notes: [],
    };
    expect(conditions(r)).toBe('2026-12-02T10:00:00.000Z – 2026-12-02T10:05:00.000Z on 2 × CPU, Node v20; load average at start 0.42 / 0.50 / 0.61; CPU steal 3.0 %');
    expect(conditions({ ...r, stealPercent: null })).toMatch(/CPU steal not measurable here$/);
  });

  it('renders side-by-side tables as markdown', () => {
    expect(markdownTable({ title: 't', header: ['N', 'Nist', 'raw'], rows: [['100', '1 %', '2 %']] })).toBe('| N | Nist | raw |\n| --- | --- | --- |\n| 100 | 1 % | 2 % |');
  });
});
