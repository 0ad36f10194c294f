/** ts-jest in ESM mode (Probot 14 is ESM-only); run through `npm test`, which sets --experimental-vm-modules. */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }],
  },
  testTimeout: 60000,
  // `npm test -- --coverage` measures all of src/ (files no test loads count as uncovered), not test helpers.
  collectCoverageFrom: ["src/**/*.ts"],
  maxWorkers: 2,
  // ESM mode keeps every test file's modules in its worker: workers grew to 2.2 GB by the end,
  // each collection slowed the files after it, and exiting one outlasted Jest's wait ("A worker
  // process has failed to exit gracefully"). A worker past 1 GB after a file is replaced.
  workerIdleMemoryLimit: "1GB",
  // Each run writes its temporary files under one directory and removes it at the end.
  globalSetup: "<rootDir>/test/setup/global-setup.js",
  globalTeardown: "<rootDir>/test/setup/global-teardown.js",
  // End-to-end files first when Jest has no timings (a fresh clone): see the file.
  testSequencer: "<rootDir>/test/setup/sequencer.js",
};
