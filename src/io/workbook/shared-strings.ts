/**
 * sharedStrings.xml → string array, streamed item by item so a 100 MB table never becomes one
 * string. Rich-text runs are concatenated; phonetic runs (`<rPh>`) are dropped, as Excel shows them.
 */
import { decodeXmlText, partText, rootPrefix } from './xml.js';
import type { ZipArchive, ZipEntry } from './zip.js';

export async function readSharedStrings(zip: ZipArchive, entry: ZipEntry, onInvalidUtf8?: () => void): Promise<string[]> {
  const strings: string[] = [];
  let buf = '';
  let prefix: string | undefined;
  for await (const text of partText(zip, entry, onInvalidUtf8)) {
    buf = buf.length === 0 ? text : buf + text;
    prefix ??= rootPrefix(buf);
    if (prefix === undefined) continue;
    const open = `<${prefix}si`;
    const close = `</${prefix}si>`;
    let pos = 0;
    for (;;) {
      const start = buf.indexOf(open, pos);
      if (start < 0) {
        pos = Math.max(pos, buf.length - open.length);
        break;
      }
      const after = buf.charCodeAt(start + open.length);
      if (Number.isNaN(after)) {
        pos = start;
        break;
      }
      if (!isNameEnd(after)) {
        pos = start + 1;
        continue;
      }
      const tagEnd = buf.indexOf('>', start);
      const end = tagEnd < 0 ? -1 : buf.charCodeAt(tagEnd - 1) === 47 ? tagEnd : buf.indexOf(close, tagEnd);
      if (end < 0) {
        pos = start;
        break;
      }
      strings.push(end === tagEnd ? '' : richText(buf.slice(tagEnd + 1, end), prefix));
      pos = end === tagEnd ? tagEnd + 1 : end + close.length;
    }
    buf = buf.slice(pos);
  }
  return strings;
}

/** Text of the `<t>` elements of one `<si>` or `<is>` body, decoded. */
export function richText(body: string, prefix: string): string {
  const open = `<${prefix}t`;
  const close = `</${prefix}t>`;
  // Fast path: a plain `<t>…</t>` item, by far the most common.
  if (body.startsWith(`${open}>`) && body.endsWith(close) && body.indexOf('<', 1) === body.length - close.length) {
    return decodeXmlText(body.slice(open.length + 1, body.length - close.length));
  }
  if (body.includes(`<${prefix}rPh`)) {
    body = body.replace(/<([\w.-]+:)?rPh[\s>][\s\S]*?<\/([\w.-]+:)?rPh>/g, '');
  }
  let text = '';
  let pos = 0;
  for (;;) {
    const start = body.indexOf(open, pos);
    if (start < 0) break;
    const tagEnd = body.indexOf('>', start);
    if (tagEnd < 0) break;
    if (!isNameEnd(body.charCodeAt(start + open.length)) || body.charCodeAt(tagEnd - 1) === 47) {
      pos = tagEnd;
      continue;
    }
    const end = body.indexOf(close, tagEnd);
    if (end < 0) break;
    text += body.substring(tagEnd + 1, end);
    pos = end + close.length;
  }
  return decodeXmlText(text);
}

/** `>`, `/` or whitespace: the tag name ended (so `<t` is not `<tabColor`). */
export function isNameEnd(code: number): boolean {
  return code === 62 || code === 47 || code === 32 || code === 9 || code === 10 || code === 13;
}
