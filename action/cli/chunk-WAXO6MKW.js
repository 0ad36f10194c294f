import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams,listOpenPullsWithHead}from"./chunk-H74TY6FZ.js";import"./chunk-3AXQTQCO.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams,listOpenPullsWithHead};
