import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  collectInputs,
  isCloudAssembly,
  readParsedFile
<<<<<<<< HEAD:action/cli/chunk-E474YRJJ.js
} from "./chunk-IG4LQIEA.js";
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-PLH4Z6ZX.js";
import "./chunk-B3R3YTJE.js";
========
} from "./chunk-6UHEE4CA.js";
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-NECPHHI4.js";
import "./chunk-MI62G2ZM.js";
>>>>>>>> 1402f25 (tests follow main (issue 11's reason texts, literal markers, check-run writes retried instead of rejecting the delivery); action/ rebuilt from the sources):action/cli/chunk-YXNDNSX7.js
import "./chunk-X6BODPTN.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  collectInputs,
  isCloudAssembly,
  readParsedFile
};
