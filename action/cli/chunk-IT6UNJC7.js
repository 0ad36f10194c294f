import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams,listOpenPullsWithHead}from"./chunk-TXCVV27O.js";import"./chunk-53N57T7C.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams,listOpenPullsWithHead};
