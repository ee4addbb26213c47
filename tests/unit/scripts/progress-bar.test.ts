import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../scripts/lib/csv.js';
import { formatEta, renderBar } from '../../../scripts/lib/progress-bar.js';

describe('progress bar', () => {
  it('draws the fraction, percent and ETA', () => {
    expect(renderBar('clip', 0.5, 75, 10)).toBe('clip [#####.....]  50.0 %  ETA 01:15');
    expect(renderBar('clip', 2, null, 4)).toBe('clip [####] 100.0 %  ETA --:--');
    expect(formatEta(3725)).toBe('1:02:05');
  });
});

describe('CSV manifest', () => {
  it('reads quoted fields with commas, quotes and line breaks, keyed by header', () => {
    const rows = parseCsv('File,Body,Title,Date\r\na.mp4,council,"Budget, 2025 ""draft""",2025-03-14\n\n"b.mkv",council,"Two\nlines",2025-04-01\n');
    expect(rows).toEqual([
      { file: 'a.mp4', body: 'council', title: 'Budget, 2025 "draft"', date: '2025-03-14' },
      { file: 'b.mkv', body: 'council', title: 'Two\nlines', date: '2025-04-01' },
    ]);
  });
});
