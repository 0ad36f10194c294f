import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  COMPACT_CATALOGUE_FILE,
  catalogueData,
  catalogueDataDir,
  compactCatalogue,
  formatCompactCatalogue,
  installedCatalogueData,
  loadCatalogue,
  loadCatalogueFrom,
  readCatalogue,
  readCompactCatalogue,
  writeCompactCatalogue
} from "./chunk-FB2442O4.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-EO4PYL33.js";
export {
  COMPACT_CATALOGUE_FILE,
  catalogueData,
  catalogueDataDir,
  compactCatalogue,
  formatCompactCatalogue,
  installedCatalogueData,
  loadCatalogue,
  loadCatalogueFrom,
  readCatalogue,
  readCompactCatalogue,
  writeCompactCatalogue
};
