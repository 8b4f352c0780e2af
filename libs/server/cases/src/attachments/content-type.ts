import { open } from 'node:fs/promises';

/** What an accepted file is, by its content. */
export interface DetectedType {
  contentType: string;
  /** Images get a thumbnail. */
  image: boolean;
}

/** How many bytes of a file's start `detectType` needs. */
export const SNIFF_BYTES = 4096;

const ODF_TYPES = new Set([
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);

/** Office Open XML: the part that names the kind of document, inside the zip container. */
const OOXML_PARTS: [string, string][] = [
  ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

/**
 * The type of a file from its content, never its name: JPEG, PNG and WebP images, PDF, and office documents in zip
 * containers (Office Open XML: docx, xlsx, pptx; OpenDocument: odt, ods, odp), told apart by the parts the container
 * lists in its central directory (read from the end of `file`). Anything else, a plain zip included, is null.
 */
export async function detectType(head: Buffer, file: string, size: number): Promise<DetectedType | null> {
  if (starts(head, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', image: true };
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', image: true };
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return { contentType: 'image/webp', image: true };
  if (head.toString('latin1', 0, 5) === '%PDF-') return { contentType: 'application/pdf', image: false };
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    const odf = openDocumentType(head);
    if (odf) return { contentType: odf, image: false };
    const names = await zipEntryNames(file, size);
    if (names?.has('[Content_Types].xml')) {
      for (const [part, contentType] of OOXML_PARTS) if (names.has(part)) return { contentType, image: false };
    }
  }
  return null;
}

function starts(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);
}

/** OpenDocument: the first entry is `mimetype`, stored uncompressed, holding the document's type. */
function openDocumentType(head: Buffer): string | null {
  if (head.length < 30) return null;
  const method = head.readUInt16LE(8);
  const compressed = head.readUInt32LE(18);
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  if (method !== 0 || nameLength !== 8 || head.toString('latin1', 30, 38) !== 'mimetype') return null;
  const start = 30 + nameLength + extraLength;
  if (compressed > 100 || start + compressed > head.length) return null;
  const type = head.toString('latin1', start, start + compressed);
  return ODF_TYPES.has(type) ? type : null;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024;

/** The names in a zip file's central directory; null when it has none that reads. */
async function zipEntryNames(file: string, size: number): Promise<Set<string> | null> {
  const handle = await open(file, 'r');
  try {
    const tailLength = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const length = tail.readUInt32LE(eocd + 12);
    const offset = tail.readUInt32LE(eocd + 16);
    if (length > MAX_CENTRAL_DIRECTORY || offset + length > size) return null;
    const directory = Buffer.alloc(length);
    await handle.read(directory, 0, length, offset);
    const names = new Set<string>();
    for (let at = 0; at + 46 <= length && directory.readUInt32LE(at) === CENTRAL; ) {
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      names.add(directory.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  } finally {
    await handle.close();
  }
}
