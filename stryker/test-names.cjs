/** Shared by jest-environment.cjs and test-sequencer.cjs (Stryker runs only). */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** Process-wide (outside the tests' realm): set when a test failed in the current Jest run. */
const BAIL = Symbol.for("agent-guardrail.stryker.bail");

function recordFile(rootDir, testPath) {
  const key = crypto.createHash("sha1").update(testPath).digest("hex");
  return path.join(rootDir, ".stryker-test-names", `${key}.json`);
}

/** The recorded names of a test file, or undefined when absent or recorded from another version. */
function readRecord(rootDir, testPath) {
  let record;
  try {
    record = JSON.parse(fs.readFileSync(recordFile(rootDir, testPath), "utf8"));
  } catch {
    return undefined;
  }
  const { mtimeMs, size } = fs.statSync(testPath);
  return record.mtimeMs === mtimeMs && record.size === size ? record : undefined;
}

module.exports = { BAIL, recordFile, readRecord };
