/**
 * What a document really is, from its bytes (the declared content type is only a hint): PDF, Office Open
 * XML and OpenDocument (ZIP containers), and legacy Office (OLE2 compound files).
 */
export type DocumentType = { mime: string; ext: string };

const ooxml: Record<string, DocumentType> = {
  'word/': { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
  'xl/': { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  'ppt/': { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx' },
};
const odf: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};
const ole: Record<string, string> = {
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
};

const startsWith = (buf: Buffer, bytes: number[]) => buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

/** Names of the entries in a ZIP's central directory (empty if it is not a readable ZIP). */
export function zipEntryNames(buf: Buffer, max = 2000): string[] {
  const from = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < Math.min(count, max); n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return [];
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    if (at + 46 + nameLen > buf.length) return [];
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function sniffZip(buf: Buffer): DocumentType | null {
  // OpenDocument: the first entry is an uncompressed "mimetype" file naming the format.
  const nameLen = buf.readUInt16LE(26);
  const extraLen = buf.readUInt16LE(28);
  if (buf.toString('latin1', 30, 30 + nameLen) === 'mimetype') {
    const start = 30 + nameLen + extraLen;
    const declared = buf.toString('latin1', start, start + 60).match(/^application\/vnd\.oasis\.opendocument\.[a-z]+/)?.[0];
    if (declared && odf[declared]) return { mime: declared, ext: odf[declared] };
  }
  const names = zipEntryNames(buf);
  if (!names.includes('[Content_Types].xml')) return null;
  for (const [prefix, type] of Object.entries(ooxml)) if (names.some((n) => n.startsWith(prefix))) return type;
  return null;
}

/** The document's type, or null when it is not a PDF or office file. */
export function sniffDocument(buf: Buffer, declared?: string): DocumentType | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', ext: 'pdf' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) && buf.length > 30) return sniffZip(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // The compound-file header does not say which Office program wrote it; the declared type may.
    const hint = declared?.split(';')[0]?.trim().toLowerCase() ?? '';
    const mime = ole[hint] ? hint : 'application/msword';
    return { mime, ext: ole[mime]! };
  }
  return null;
}
