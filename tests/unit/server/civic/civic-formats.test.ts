import { describe, expect, it } from 'vitest';
import { sniffDocument, zipEntryNames } from '../../../../server/civic/document-type.js';
import { foldLine, renderCalendar } from '../../../../server/civic/feeds.js';
import { parseWebVtt, WebVttError } from '../../../../server/recording/webvtt.js';
import { oleHeader, tinyDocx, tinyPdf, zip } from '../../../helpers/documents.js';

describe('document types come from the bytes', () => {
  it.each([
    ['PDF', tinyPdf(), undefined, 'application/pdf'],
    ['DOCX', tinyDocx(), 'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['XLSX', zip({ '[Content_Types].xml': '<x/>', 'xl/workbook.xml': '<x/>' }), undefined, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['ODT', zip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<x/>' }), undefined, 'application/vnd.oasis.opendocument.text'],
    ['DOC', oleHeader(), undefined, 'application/msword'],
    ['PPT (declared)', oleHeader(), 'application/vnd.ms-powerpoint', 'application/vnd.ms-powerpoint'],
    ['OLE declared as HTML', oleHeader(), 'text/html', 'application/msword'],
  ])('%s', (_n, bytes, declared, mime) => {
    expect(sniffDocument(bytes, declared)?.mime).toBe(mime);
  });

  it.each([
    ['a ZIP without content types', zip({ 'a.txt': 'x' })],
    ['OOXML of an unknown kind', zip({ '[Content_Types].xml': '<x/>', 'other/x.xml': '<x/>' })],
    ['HTML', Buffer.from('<!doctype html><p>%PDF-</p>')],
    ['a truncated ZIP', tinyDocx().subarray(0, 40)],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_n, bytes) => {
    expect(sniffDocument(bytes)).toBeNull();
  });

  it('reads ZIP entry names from the central directory', () => {
    expect(zipEntryNames(tinyDocx())).toEqual(['[Content_Types].xml', 'word/document.xml']);
  });
});

describe('WebVTT', () => {
  it('reads cues, skipping notes and styles, without tags', () => {
    const cues = parseWebVtt('\uFEFFWEBVTT - hy\n\nNOTE a note\n\nSTYLE\n::cue {}\n\nid-1\n00:01.000 --> 00:02.500 align:start\n<v Anna>Բարև</v> &amp; ողջույն\n\n01:00:00.000 --> 01:00:01.000\nline one\nline two\n');
    expect(cues).toEqual([
      { startSec: 1, endSec: 2.5, text: 'Բարև & ողջույն' },
      { startSec: 3600, endSec: 3601, text: 'line one line two' },
    ]);
  });

  it.each([
    ['no header', '00:01.000 --> 00:02.000\nx'],
    ['bad timing', 'WEBVTT\n\n00:01 --> 00:02\nx'],
    ['minutes over 59', 'WEBVTT\n\n00:61:00.000 --> 00:62:00.000\nx'],
    ['backwards', 'WEBVTT\n\n00:02.000 --> 00:01.000\nx'],
    ['text without timing', 'WEBVTT\n\nhello\nworld\nagain'],
  ])('refuses %s', (_n, source) => {
    expect(() => parseWebVtt(source)).toThrow(WebVttError);
  });
});

describe('iCalendar', () => {
  it('folds long lines at 75 octets without splitting Armenian letters', () => {
    const line = `SUMMARY:${'Ավագանու նիստ '.repeat(12)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(2);
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  });

  it('escapes text and writes UTC times', () => {
    const ics = renderCalendar({
      name: 'Council',
      now: new Date('2026-11-21T10:00:00Z'),
      events: [{ uid: 'session-1@x', startsAt: '2026-11-28T07:00:00.000Z', durationMin: 120, title: 'A, B; C', location: '', description: 'one\ntwo', url: 'https://x/sessions/1', status: 'scheduled' }],
    });
    expect(ics).toContain('DTSTART:20261128T070000Z\r\nDTEND:20261128T090000Z');
    expect(ics).toContain('SUMMARY:A\\, B\\; C');
    expect(ics).toContain('DESCRIPTION:one\\ntwo');
  });
});
