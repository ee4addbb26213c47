/** Calendar (iCalendar, RFC 5545) and RSS 2.0 renderings of the public record. Pure functions. */

export type CalendarEvent = {
  uid: string;
  startsAt: string;
  durationMin: number;
  title: string;
  location: string;
  description: string;
  url: string;
  status: 'scheduled' | 'live' | 'ended';
};

const icsText = (v: string) => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const icsTime = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function renderCalendar(input: { name: string; events: CalendarEvent[]; now: Date }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Nist//Council sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(input.name)}`,
    'X-WR-TIMEZONE:Asia/Yerevan',
  ];
  const stamp = icsTime(input.now.toISOString());
  for (const e of input.events) {
    const end = new Date(Date.parse(e.startsAt) + e.durationMin * 60_000).toISOString();
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsTime(e.startsAt)}`,
      `DTEND:${icsTime(end)}`,
      `SUMMARY:${icsText(e.title)}`,
      ...(e.location ? [`LOCATION:${icsText(e.location)}`] : []),
      ...(e.description ? [`DESCRIPTION:${icsText(e.description)}`] : []),
      `URL:${e.url}`,
      `STATUS:CONFIRMED`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

const xml = (v: string) =>
  v
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export type FeedItem = { guid: string; title: string; link: string; description: string; pubDate: string };

export function renderRss(input: { title: string; link: string; self: string; description: string; language: string; items: FeedItem[] }): string {
  const items = input.items
    .map(
      (i) => `    <item>
      <title>${xml(i.title)}</title>
      <link>${xml(i.link)}</link>
      <guid isPermaLink="false">${xml(i.guid)}</guid>
      <pubDate>${new Date(i.pubDate).toUTCString()}</pubDate>
      <description>${xml(i.description)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(input.title)}</title>
    <link>${xml(input.link)}</link>
    <atom:link href="${xml(input.self)}" rel="self" type="application/rss+xml"/>
    <description>${xml(input.description)}</description>
    <language>${xml(input.language)}</language>
${items}
  </channel>
</rss>
`;
}
