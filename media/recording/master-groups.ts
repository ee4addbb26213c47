/**
 * A master playlist's rendition groups (RFC 8216 §4.3.4.1.1): the EXT-X-MEDIA tags of one TYPE, placed before
 * the first variant, and the group named on every EXT-X-STREAM-INF by its attribute (SUBTITLES, AUDIO). Any
 * tags of that TYPE listed before are replaced; with no tags the attribute goes from the variants too.
 */
export function withGroup(master: string, o: { type: 'AUDIO' | 'SUBTITLES'; groupId: string; media: readonly string[] }): string {
  const tagged = new RegExp(`^#EXT-X-MEDIA:.*TYPE=${o.type}(,|$)`);
  const attribute = new RegExp(`,${o.type}="[^"]*"`);
  const lines = master.split(/\r?\n/).filter((l) => !tagged.test(l));
  const out: string[] = [];
  let placed = false;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      if (!placed) out.push(...o.media);
      placed = true;
      const attrs = line.replace(attribute, '');
      out.push(o.media.length ? `${attrs},${o.type}="${o.groupId}"` : attrs);
    } else {
      out.push(line);
    }
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** An attribute value as a quoted-string may hold it (no double quote, no line break). */
export const quoted = (value: string) => value.replace(/["\r\n]/g, '');
