/**
 * A small, strict reader of zip archives (PKWARE APPNOTE 6.3): the central directory, then only
 * the members asked for. Packaged dashboards are zips: a Power BI report (`.pbix`, `.pbit`: an OPC
 * package holding `Report/Layout`) and a Tableau packaged workbook (`.twbx`, holding its `.twb`).
 *
 * Strict because what is not read here is not judged: an archive it cannot read with certainty
 * (not a zip, split over disks, zip64, an encrypted or otherwise compressed member, a member named
 * twice, sizes or offsets outside the archive, a CRC that does not match) is a `ZipError`, which
 * callers turn into an input error (fail closed), never into "no dashboard here". The work is
 * bounded: the central directory and each member are read only up to caps, and a member is
 * inflated no further than the limit the caller gives (a zip bomb stops there).
 *
 * The bytes come from a `ZipSource` (positional reads): `scan` reads a 200 MB `.pbix` of imported
 * data by its directory and its few-kilobyte report, not whole.
 */
import { crc32, inflateRawSync } from "node:zlib";

/** An archive's bytes, read by position (a file descriptor, or a buffer already in memory). */
export interface ZipSource {
  size: number;
  read(offset: number, length: number): Uint8Array;
}

export class ZipError extends Error {}

export interface ZipEntry {
  /** As written (UTF-8 when the entry says so, else read byte for byte). */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) and the longest comment it may carry. */
const EOCD_SEARCH = 22 + 0xffff;
/** A central directory of 65,535 entries with long names is a few megabytes; past this it is not read. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

/** A buffer over the bytes read (no copy when the source gave one). */
const bufferOf = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function readExactly(source: ZipSource, offset: number, length: number, what: string): Buffer {
  if (offset < 0 || length < 0 || offset + length > source.size) throw new ZipError(`${what} lies outside the archive (offset ${offset}, ${length} bytes, archive of ${source.size}): cut short or corrupt`);
  const bytes = bufferOf(source.read(offset, length));
  if (bytes.length !== length) throw new ZipError(`${what} could not be read whole (${bytes.length} of ${length} bytes)`);
  return bytes;
}

/** Byte for byte (CP437's ASCII half; the rest as Latin-1: no name compared here uses it) unless the entry says UTF-8 (flag bit 11). */
const entryName = (bytes: Buffer, flags: number): string => bytes.toString(flags & 0x800 ? "utf8" : "latin1");

/** The archive's members, from its central directory. */
export function zipEntries(source: ZipSource): ZipEntry[] {
  if (source.size < 22) throw new ZipError("not a zip archive (too short for one)");
  const tailLength = Math.min(source.size, EOCD_SEARCH);
  const tailStart = source.size - tailLength;
  const tail = readExactly(source, tailStart, tailLength, "the end of the archive");
  // The end record is the last signature whose comment runs exactly to the end of the file.
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError("not a zip archive (no end of central directory record)");
  const disk = tail.readUInt16LE(at + 4);
  const directoryDisk = tail.readUInt16LE(at + 6);
  const onDisk = tail.readUInt16LE(at + 8);
  const total = tail.readUInt16LE(at + 10);
  const directorySize = tail.readUInt32LE(at + 12);
  const directoryOffset = tail.readUInt32LE(at + 16);
  const zip64 = (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) || total === 0xffff || onDisk === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff;
  if (zip64) throw new ZipError("a zip64 archive (over 4 GB or 65,535 members), which is not read");
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== total) throw new ZipError("an archive split over several disks, which is not read");
  const endOffset = tailStart + at;
  if (directoryOffset + directorySize > endOffset) throw new ZipError("its central directory lies outside the archive: cut short or corrupt");
  if (directorySize > MAX_DIRECTORY_BYTES) throw new ZipError(`its central directory is over ${MAX_DIRECTORY_BYTES / (1024 * 1024)} MB, which is not read`);
  const directory = readExactly(source, directoryOffset, directorySize, "the central directory");
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let p = 0;
  for (let n = 0; n < total; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw new ZipError(`entry ${n + 1} of its central directory is not where the directory says: corrupt`);
    const flags = directory.readUInt16LE(p + 8);
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > directory.length) throw new ZipError(`entry ${n + 1} of its central directory runs past it: corrupt`);
    const entry: ZipEntry = {
      name: entryName(directory.subarray(p + 46, p + 46 + nameLength), flags),
      method: directory.readUInt16LE(p + 10),
      flags,
      crc: directory.readUInt32LE(p + 16),
      compressedSize: directory.readUInt32LE(p + 20),
      size: directory.readUInt32LE(p + 24),
      localOffset: directory.readUInt32LE(p + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipError(`member ${entry.name} has zip64 sizes, which are not read`);
    // Two members of one name: which one the application opens is not known here (OPC packages,
    // Power BI's, compare part names without case).
    const key = entry.name.toLowerCase();
    if (seen.has(key)) throw new ZipError(`member ${entry.name} is in the archive twice: which one is read cannot be known`);
    seen.add(key);
    entries.push(entry);
    p = next;
  }
  return entries;
}

/** A member's bytes, inflated no further than `maxBytes`. */
export function zipEntryBytes(source: ZipSource, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.flags & 0x1 || entry.method === 99) throw new ZipError(`member ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`member ${entry.name} is compressed with method ${entry.method} (only stored and deflated members are read)`);
  if (entry.size > maxBytes) throw new ZipError(`member ${entry.name} is ${entry.size} bytes once inflated, over the ${maxBytes}-byte limit`);
  // Deflate never grows data by more than a few bytes a block: more compressed bytes than this are not a member of that size.
  if (entry.compressedSize > 2 * entry.size + 1024) throw new ZipError(`member ${entry.name} takes ${entry.compressedSize} compressed bytes for ${entry.size}: corrupt`);
  const header = readExactly(source, entry.localOffset, 30, `the header of member ${entry.name}`);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError(`member ${entry.name} is not where the central directory says: corrupt`);
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = readExactly(source, start, entry.compressedSize, `member ${entry.name}`);
  let bytes: Buffer;
  if (entry.method === 0) bytes = data;
  else {
    try {
      // No further than one byte past the size the directory gives: a member that says it is small
      // and inflates to gigabytes (a zip bomb) stops there.
      bytes = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? `inflates to more than the ${entry.size} bytes the directory says: corrupt` : `does not inflate (${(error as Error).message})`;
      throw new ZipError(`member ${entry.name} ${why}`);
    }
  }
  // The sizes and checksum the directory gives, so a member that says one thing and holds another is not read.
  if (bytes.length !== entry.size) throw new ZipError(`member ${entry.name} holds ${bytes.length} bytes where the directory says ${entry.size}: corrupt`);
  if (crc32(bytes) >>> 0 !== entry.crc >>> 0) throw new ZipError(`member ${entry.name} does not match its checksum (CRC-32): corrupt`);
  return bytes;
}

/** An archive already in memory (a file the pull request check read). */
export const zipSourceOf = (bytes: Uint8Array): ZipSource => ({ size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) });
