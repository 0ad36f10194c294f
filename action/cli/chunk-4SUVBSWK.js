import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  IncompleteDataError,
  PULL_QUERY,
  fetchPull,
  fetchTeams
} from "./chunk-IEZHQJAA.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  IncompleteDataError,
  PULL_QUERY,
  fetchPull,
  fetchTeams
};
