import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams,listOpenPullsWithHead}from"./chunk-O5B5XFGG.js";import"./chunk-3IEVF54V.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{IncompleteDataError,PULL_QUERY,fetchPull,fetchTeams,listOpenPullsWithHead};
