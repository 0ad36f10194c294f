/** Bytes of a file to its text, whichever encoding the tools that wrote it chose. */
import { isAscii } from "node:buffer";

/**
 * A file's text: UTF-16 (LE or BE) after that byte-order mark, which Windows PowerShell 5's `>`
 * and `Out-File` write (`aws iam get-account-authorization-details > ad.json`), UTF-8 otherwise.
 * ASCII is decoded byte for byte (the compact file is ASCII: the same text without UTF-8's
 * validation of its 1.3 MB, a millisecond of every run). A UTF-16 file cut inside a character
 * ends in U+FFFD, as a cut UTF-8 one does.
 */
export function decodeText(bytes: Buffer): string {
  const utf16 = bytes.length >= 2 ? utf16Order(bytes[0], bytes[1]) : undefined;
  if (utf16) {
    const units = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    const text = (utf16 === "be" ? units.swap16() : units).toString("utf16le");
    return bytes.length % 2 === 1 ? `${text}\uFFFD` : text;
  }
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** The byte order a UTF-16 byte-order mark names (FF FE little-endian, FE FF big-endian); neither starts UTF-8 text. */
const utf16Order = (first: number | undefined, second: number | undefined): "le" | "be" | undefined =>
  first === 0xff && second === 0xfe ? "le" : first === 0xfe && second === 0xff ? "be" : undefined;
