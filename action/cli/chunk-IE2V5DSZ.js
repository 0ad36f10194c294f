import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/report/formats.ts
var FORMATS = ["text", "json", "sarif"];
var FAIL_ON = ["error", "warning", "never"];

export {
  FORMATS,
  FAIL_ON
};
