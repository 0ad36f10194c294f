/**
 * Configuration that cannot be read or validated is an error naming the file (and line), never a
 * silent default: a missing `--config` file, a shipped policy with a regular expression that does
 * not compile, a missing shipped policy file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { policyFor } from "../../src/cli/common.js";
import { ConfigError, loadDefaults, loadPolicy, readUserConfig } from "../../src/policy/load.js";
import { copyOfDefaults } from "./defaults-copy.js";

describe("a configuration file that cannot be read", () => {
  const missing = path.join(tmpdir(), "ag-no-such-dir", "agent-guardrail.yml");

  it("is a ConfigError naming the file and the reason", () => {
    expect(() => readUserConfig(missing)).toThrow(ConfigError);
    expect(() => loadPolicy(missing)).toThrow(`${missing}: cannot read: ENOENT`);
  });

  it("is an input error of the CLI (exit 2), the rest evaluated on the defaults", async () => {
    const { policy, errors } = await policyFor({ config: missing });
    expect(errors).toEqual([{ file: missing, message: "configuration not applied: cannot read: ENOENT" }]);
    expect(policy.configSource).toBe("defaults");
  });

  it("is an error when it is a directory, not a file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-config-dir-"));
    expect((await policyFor({ config: dir })).errors).toEqual([{ file: dir, message: "configuration not applied: cannot read: EISDIR" }]);
  });
});

describe("shipped policy data", () => {
  it("a name pattern that is not a valid regular expression is an error with its file and line", () => {
    const dir = copyOfDefaults();
    const file = path.join(dir, "destructive-actions.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace('    - "^Schedule\\\\w*Deletion$"', '    - "^Schedule(Deletion"'));
    expect(() => loadDefaults(dir)).toThrow(/destructive-actions\.yaml:9: "t1Delete\.namePatterns\.1": not a valid regular expression/);
  });

  it("a missing policy file is an error naming it", () => {
    const dir = copyOfDefaults();
    rmSync(path.join(dir, "dashboards.yaml"));
    expect(() => loadDefaults(dir)).toThrow(`${path.join(dir, "dashboards.yaml")}: cannot read: ENOENT`);
  });
});
