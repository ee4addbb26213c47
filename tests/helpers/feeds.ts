/** Checks for the feeds that other sites consume: RFC 5545 line rules and structure, RSS 2.0 as XML. */

export function validateIcs(text: string): { events: Record<string, string>[] } {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('does not end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  physical.forEach((l, i) => {
    if (Buffer.byteLength(l) > 75) problems.push(`line ${i + 1} is ${Buffer.byteLength(l)} octets`);
    if (/[\r\n]/.test(l)) problems.push(`line ${i + 1} has a bare CR or LF`);
  });
  const lines = text.replace(/\r\n[ \t]/g, '').slice(0, -2).split('\r\n');
  const stack: string[] = [];
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    const m = /^([A-Z][A-Z0-9-]*)((?:;[A-Z0-9-]+=[^;:]*)*):(.*)$/.exec(line);
    if (!m) {
      problems.push(`not a content line: ${line}`);
      continue;
    }
    const [, name, , value] = m;
    if (name === 'BEGIN') {
      stack.push(value!);
      if (value === 'VEVENT') current = {};
    } else if (name === 'END') {
      if (stack.pop() !== value) problems.push(`END:${value} does not close ${stack.at(-1)}`);
      if (value === 'VEVENT' && current) {
        for (const p of ['UID', 'DTSTAMP', 'DTSTART', 'SUMMARY']) if (!current[p]) problems.push(`VEVENT without ${p}`);
        for (const p of ['DTSTAMP', 'DTSTART', 'DTEND']) if (current[p] && !/^\d{8}T\d{6}Z$/.test(current[p]!)) problems.push(`${p} ${current[p]} is not UTC date-time`);
        events.push(current);
        current = null;
      }
    } else if (current) current[name!] = value!;
  }
  if (lines[0] !== 'BEGIN:VCALENDAR' || lines.at(-1) !== 'END:VCALENDAR') problems.push('not one VCALENDAR');
  if (!lines.includes('VERSION:2.0') || !lines.some((l) => l.startsWith('PRODID:'))) problems.push('VERSION or PRODID missing');
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  if (problems.length) throw new Error(`invalid iCalendar:\n${problems.join('\n')}`);
  return { events };
}

/** Well-formed XML (tags balance, entities known) with the elements RSS 2.0 requires. */
export function validateRss(text: string): { items: Record<string, string>[] } {
  const problems: string[] = [];
  if (!text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) problems.push('no XML declaration');
  const body = text.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const items: Record<string, string>[] = [];
  let item: Record<string, string> | null = null;
  const channel: Record<string, string> = {};
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = token.exec(body))) {
    last = token.lastIndex;
    const [, close, name, , selfClose, textPart] = m;
    if (textPart !== undefined) {
      for (const e of textPart.match(/&[^;\s]*;?/g) ?? []) if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);$/i.test(e)) problems.push(`bad entity ${e}`);
      const parent = stack.at(-1);
      if (parent && item && stack.at(-2) === 'item') item[parent] = (item[parent] ?? '') + textPart;
      else if (parent && stack.at(-2) === 'channel') channel[parent] = (channel[parent] ?? '') + textPart;
      continue;
    }
    if (close) {
      if (stack.pop() !== name) problems.push(`</${name}> closes the wrong element`);
      if (name === 'item' && item) {
        items.push(item);
        item = null;
      }
    } else if (!selfClose) {
      stack.push(name!);
      if (name === 'item') item = {};
    }
  }
  if (last !== body.length) problems.push(`not XML at offset ${last}: ${body.slice(last, last + 40)}`);
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  for (const p of ['title', 'link', 'description']) if (!channel[p]) problems.push(`channel without ${p}`);
  for (const i of items) {
    if (!i.title || !i.link || !i.guid) problems.push('item without title, link or guid');
    if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(i.pubDate ?? '')) problems.push(`pubDate ${i.pubDate} is not RFC 822`);
  }
  if (problems.length) throw new Error(`invalid RSS:\n${problems.join('\n')}`);
  return { items };
}
