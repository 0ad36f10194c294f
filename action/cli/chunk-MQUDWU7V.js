import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
var FORMATS=["text","json","sarif"],FAIL_ON=["error","warning","never"];export{FORMATS,FAIL_ON};
