import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
var errorMessage=error=>error instanceof Error?error.message:String(error);export{errorMessage};
