import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/core/source/pointer.ts
function toPointer(segments) {
  let out = "";
  for (const s of segments) out += "/" + escapeSegment(s);
  return out;
}
function escapeSegment(segment) {
  if (typeof segment === "number") return String(segment);
  return segment.includes("~") || segment.includes("/") ? segment.replace(/~/g, "~0").replace(/\//g, "~1") : segment;
}
function parsePointer(pointer) {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split("/").map(unescapeSegment);
}
function unescapeSegment(segment) {
  return segment.includes("~") ? segment.replace(/~1/g, "/").replace(/~0/g, "~") : segment;
}
function childPointer(parent, ...segments) {
  return parent + toPointer(segments);
}

export {
  toPointer,
  parsePointer,
  unescapeSegment,
  childPointer
};
