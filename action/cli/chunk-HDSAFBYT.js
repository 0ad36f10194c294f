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
} from "./chunk-D5C2KM27.js";
import "./chunk-AECFORZA.js";
import "./chunk-IYA5QU4J.js";
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
