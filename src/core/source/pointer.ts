/** RFC 6901 JSON pointers: the "where" of every piece of evidence. */

export function toPointer(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) out += "/" + escapeSegment(s);
  return out;
}

/** One pointer segment as written in a pointer ("a/b" → "a~1b"). */
export function escapeSegment(segment: string | number): string {
  if (typeof segment === "number") return String(segment);
  return segment.includes("~") || segment.includes("/") ? segment.replace(/~/g, "~0").replace(/\//g, "~1") : segment;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split("/").map(unescapeSegment);
}

/** One segment of a pointer as the key it names ("a~1b" → "a/b"). */
export function unescapeSegment(segment: string): string {
  return segment.includes("~") ? segment.replace(/~1/g, "/").replace(/~0/g, "~") : segment;
}

export function childPointer(parent: string, ...segments: (string | number)[]): string {
  return parent + toPointer(segments);
}

/** The value at a pointer, or undefined when any step is missing. */
export function valueAt(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (node !== null && typeof node === "object") node = (node as Record<string, unknown>)[segment];
    else return undefined;
  }
  return node;
}
