import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
var errorMessage=error=>error instanceof Error?error.message:String(error),isTooDeep=error=>error instanceof RangeError&&/call stack/i.test(error.message),TOO_DEEP="nested too deeply: thousands of levels, more than the reader's stack holds";export{errorMessage,isTooDeep,TOO_DEEP};
