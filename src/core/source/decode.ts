/** Bytes of a file to its text, whichever encoding the tools that wrote it chose. */
import { isAscii } from "node:buffer";

/**
 * A file's text, in the encoding YAML 1.2 (§5.2) tells from its first bytes, a byte-order mark or
 * the zero bytes around its first character (JSON is YAML here, and RFC 4627 §3 tells its
 * encodings the same way): UTF-32 (LE or BE) and UTF-16 (LE or BE), with a mark or without,
 * UTF-8 otherwise. Windows PowerShell 5's `>` and `Out-File` write UTF-16 LE with its mark
 * (`aws iam get-account-authorization-details > ad.json`), `Out-File -Encoding utf32` UTF-32 LE
 * with its, .NET's `UnicodeEncoding(false, false)`, Java's `UTF_16LE` and `iconv -t UTF-16LE`
 * UTF-16 without one. A file read as UTF-8 when it is not is text of zero bytes no parser reads
 * and no reader of inputs recognizes: met while walking, it was skipped unread.
 * ASCII is decoded byte for byte (the compact file is ASCII: the same text without UTF-8's
 * validation of its 1.3 MB, a millisecond of every run). A file cut inside a character ends in
 * U+FFFD, as a cut UTF-8 one does.
 */
export function decodeText(bytes: Buffer): string {
  const encoding = encodingOf(bytes);
  if (encoding === undefined) return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const body = bytes.subarray(encoding.mark);
  if (encoding.unit === 2) {
    const units = Buffer.from(body.subarray(0, body.length & ~1));
    const text = (encoding.order === "be" ? units.swap16() : units).toString("utf16le");
    return body.length % 2 === 1 ? `${text}\uFFFD` : text;
  }
  return utf32Text(body, encoding.order);
}

interface Encoding {
  unit: 2 | 4;
  order: "le" | "be";
  /** Bytes of the byte-order mark (0 when there is none). */
  mark: number;
}

/**
 * YAML 1.2 §5.2's table, in its order: UTF-32 before UTF-16 (FF FE 00 00 is UTF-32 LE's mark,
 * not UTF-16 LE's followed by a NUL, which no text holds). Without a mark, the first character is
 * taken to be ASCII (`{`, `-`, a letter, a space), as every template, policy and dashboard starts.
 */
function encodingOf(b: Buffer): Encoding | undefined {
  if (b.length >= 4) {
    if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { unit: 4, order: "be", mark: 4 };
    if (b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] !== 0) return { unit: 4, order: "be", mark: 0 };
    if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { unit: 4, order: "le", mark: 4 };
    if (b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0) return { unit: 4, order: "le", mark: 0 };
  }
  if (b.length >= 2) {
    if (b[0] === 0xfe && b[1] === 0xff) return { unit: 2, order: "be", mark: 2 };
    if (b[0] === 0 && b[1] !== 0) return { unit: 2, order: "be", mark: 0 };
    if (b[0] === 0xff && b[1] === 0xfe) return { unit: 2, order: "le", mark: 2 };
    if (b[0] !== 0 && b[1] === 0) return { unit: 2, order: "le", mark: 0 };
  }
  return undefined;
}

/**
 * UTF-32 code units to text (Node decodes no UTF-32): each code point written as UTF-16 units and
 * decoded once. A unit that is no Unicode scalar value, or a cut last one, is U+FFFD.
 */
function utf32Text(body: Buffer, order: "le" | "be"): string {
  const count = body.length >>> 2;
  const out = Buffer.alloc((count + 1) * 4);
  let at = 0;
  const put = (unit: number): void => {
    out.writeUInt16LE(unit, at);
    at += 2;
  };
  for (let i = 0; i < count; i++) {
    const cp = order === "le" ? body.readUInt32LE(i * 4) : body.readUInt32BE(i * 4);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) put(0xfffd);
    else if (cp < 0x10000) put(cp);
    else {
      put(0xd800 + ((cp - 0x10000) >> 10));
      put(0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
  }
  if (body.length % 4 !== 0) put(0xfffd);
  return out.toString("utf16le", 0, at);
}
