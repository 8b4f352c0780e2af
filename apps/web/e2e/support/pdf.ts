import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF that Chromium printed (`page.pdf()`), without a PDF library: enough to say whether a word is on
 * paper, not a general reader.
 *
 * Chromium (Skia) writes every page's text with embedded subset fonts: a content stream, FlateDecode-compressed,
 * selects a font (`/F3 10 Tf`) and shows glyph ids as hex strings (`<00120034> Tj`, or `[<0012> -20 <0034>] TJ`);
 * which characters those glyph ids are is said only by the font's ToUnicode CMap (`beginbfchar <0012> <0041>`,
 * `beginbfrange <0003> <0005> <0020>`), another compressed stream. So: inflate every stream, read each font's CMap,
 * then decode every shown string with the CMap of the font selected when it is shown. Glyph runs are positioned one
 * by one, so spaces are not reliable: `pdfText` joins runs as they come and `pdfHasText` compares without whitespace.
 * Fonts are found through every `/Font << … >>` resource dictionary of the file (Skia names fonts once per document).
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  const objectPattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let match = objectPattern.exec(raw); match; match = objectPattern.exec(raw)) {
    const body = match[2]!;
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    // The data starts after the EOL that follows `stream`; its length is the dictionary's /Length (direct here).
    let start = match.index + match[0].indexOf('stream') + 'stream'.length;
    if (raw[start] === '\r') start += 1;
    if (raw[start] === '\n') start += 1;
    const length = Number(/\/Length (\d+)(?! 0 R)/.exec(dict)?.[1] ?? NaN);
    const end = Number.isFinite(length) ? start + length : raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let stream: Buffer | null = bytes;
    if (/\/FlateDecode/.test(dict)) {
      try {
        stream = inflateSync(bytes);
      } catch {
        stream = null; // an image or font program we cannot read: no text in it anyway
      }
    }
    objects.set(Number(match[1]), { dict, stream });
  }

  // Each font's ToUnicode map, by the font's object number.
  const cmaps = new Map<number, Map<number, string>>();
  for (const [number, object] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(object.dict)?.[1];
    const cmap = ref ? objects.get(Number(ref))?.stream : null;
    if (cmap) cmaps.set(number, parseCmap(cmap.toString('latin1')));
  }
  // Resource names (`/F3`) to fonts' object numbers.
  const fonts = new Map<string, Map<number, string>>();
  for (const object of objects.values()) {
    const dict = /\/Font\s*<<([^>]*)>>/.exec(object.dict)?.[1];
    if (!dict) continue;
    for (const entry of dict.matchAll(/\/([^\s/]+)\s+(\d+) 0 R/g)) {
      const map = cmaps.get(Number(entry[2]));
      if (map) fonts.set(entry[1]!, map);
    }
  }

  const out: string[] = [];
  for (const object of objects.values()) {
    if (!object.stream || /\/(Type\s*\/XObject|Subtype\s*\/Image|Length1|Subtype\s*\/Type1C|Subtype\s*\/CIDFontType0C)/.test(object.dict)) continue;
    const content = object.stream.toString('latin1');
    if (!/\bTf\b/.test(content)) continue;
    let font: Map<number, string> | undefined;
    // Operators in order: a font selection, or a string or array of strings shown.
    const ops = /\/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f\s]*)>\s*Tj/g;
    for (let op = ops.exec(content); op; op = ops.exec(content)) {
      if (op[1] !== undefined) font = fonts.get(op[1]);
      else if (font) {
        const strings = op[2] !== undefined ? [...op[2].matchAll(/<([0-9A-Fa-f\s]*)>/g)].map((m) => m[1]!) : [op[3]!];
        for (const hex of strings) out.push(decodeHex(hex, font));
      }
    }
    out.push('\n');
  }
  return out.join('');
}

/** Whether `needle` is printed in the PDF, whitespace aside (glyph runs are positioned separately). */
export function pdfHasText(text: string, needle: string): boolean {
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  return squeeze(text).includes(squeeze(needle));
}

function decodeHex(hex: string, cmap: Map<number, string>): string {
  const digits = hex.replace(/\s+/g, '');
  let text = '';
  for (let i = 0; i + 4 <= digits.length; i += 4) text += cmap.get(parseInt(digits.slice(i, i + 4), 16)) ?? '';
  return text;
}

/** A ToUnicode CMap's bfchar and bfrange entries (two-byte codes, UTF-16BE destinations). */
function parseCmap(source: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => {
    const units: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(entry[1]!, 16), utf16(entry[2]!));
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const from = parseInt(entry[1]!, 16);
      const to = parseInt(entry[2]!, 16);
      if (entry[3] !== undefined) {
        const base = utf16(entry[3]);
        const last = base.charCodeAt(base.length - 1);
        for (let code = from; code <= to; code += 1) map.set(code, base.slice(0, -1) + String.fromCharCode(last + (code - from)));
      } else {
        const targets = [...entry[4]!.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => utf16(m[1]!));
        targets.forEach((target, i) => map.set(from + i, target));
      }
    }
  }
  return map;
}
