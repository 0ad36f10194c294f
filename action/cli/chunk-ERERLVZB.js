import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/core/is-record.ts
var isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export {
  isRecord
};
