import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  collectExports,
  createContext,
  isCloudFormationTemplate,
  isTemplateProduction,
  nestedStackFiles,
  nestedStackInput,
  readTemplate,
  templateLabel,
  templateProductionVerdict
} from "./chunk-PKY74T2X.js";
import "./chunk-2Y573YT4.js";
import "./chunk-X6BODPTN.js";
import "./chunk-EO4PYL33.js";
export {
  collectExports,
  createContext,
  isCloudFormationTemplate,
  isTemplateProduction,
  nestedStackFiles,
  nestedStackInput,
  readTemplate,
  templateLabel,
  templateProductionVerdict
};
