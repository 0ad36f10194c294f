import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams}from"./chunk-NW5NXLBZ.js";import"./chunk-G3CUHPWZ.js";import"./chunk-Y2S4GIBT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams};
