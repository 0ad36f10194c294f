import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
<<<<<<<< HEAD:action/cli/chunk-M4ZYUTCL.js
} from "./chunk-ZAWHQOAA.js";
import "./chunk-YK5UZH6X.js";
import "./chunk-VJXBZ2GA.js";
========
} from "./chunk-42RJ3UFS.js";
import "./chunk-YK5UZH6X.js";
import "./chunk-NQURVSTI.js";
>>>>>>>> 1402f25 (tests follow main (issue 11's reason texts, literal markers, check-run writes retried instead of rejecting the delivery); action/ rebuilt from the sources):action/cli/chunk-4BPQWUPH.js
import "./chunk-2Y573YT4.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-4OJSI4QI.js";
import "./chunk-MX5QVTRB.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-EO4PYL33.js";
export {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
};
