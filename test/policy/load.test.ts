import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  ConfigError,
  DEFAULT_POLICIES_DIR,
  defaultsCodeFingerprint,
  loadDefaults,
  parseUserConfig,
  readDefaultsCache,
  resolvePolicy,
  writeDefaultsCache,
} from "../../src/policy/load.js";
import { copyOfDefaults } from "./defaults-copy.js";

describe("shipped policies", () => {
  it("load and validate", () => {
    const d = loadDefaults();
    expect(d.destructive.t1Delete.namePatterns.length).toBeGreaterThan(0);
    expect(d.production.nameTokens).toContain("prod");
    expect(d.infraPaths.length).toBeGreaterThan(10);
  });

  it("a broken policy file is a clear error naming the file and line, never a silent default", () => {
    const dir = copyOfDefaults();
    writeFileSync(path.join(dir, "production.yaml"), "nameTokens: [prod]\nnonProductionTokens: [dev]\ntags:\n  Environment: 3\n");
    expect(() => loadDefaults(dir)).toThrow(ConfigError);
    expect(() => loadDefaults(dir)).toThrow(/production\.yaml:4: "tags\.Environment"/);
    writeFileSync(path.join(dir, "production.yaml"), "nameTokens: [prod]\nnonProductionTokens: [dev]\nprodTokens: [x]\n");
    expect(() => loadDefaults(dir)).toThrow(/production\.yaml:3: unknown key "prodTokens"/);
  });
});

describe("user configuration", () => {
  it("names an unknown key and its line", () => {
    const text = "agents:\n  logins: [x]\nproduction:\n  acounts: ['1']\n";
    expect(() => parseUserConfig(".github/agent-guardrail.yml", text)).toThrow(ConfigError);
    try {
      parseUserConfig(".github/agent-guardrail.yml", text);
    } catch (error) {
      expect((error as ConfigError).message).toBe('.github/agent-guardrail.yml:4: unknown key "production.acounts"');
      expect((error as ConfigError).line).toBe(4);
    }
  });

  it("refuses a key written twice, at the second (a template keeps the last; a configuration names the mistake)", () => {
    const text = "production:\n  accounts: ['111111111111']\n  accounts: ['222222222222']\n";
    expect(() => parseUserConfig(".github/agent-guardrail.yml", text)).toThrow(".github/agent-guardrail.yml:3: invalid YAML: Map keys must be unique");
  });

  it("refuses a key written twice in a configuration written as JSON (JSON is YAML), at the second, whatever its spelling", () => {
    const text = '{\n  "production": {\n    "accounts": ["111111111111"]\n  },\n  "suppressions": [],\n  "production": {}\n}\n';
    expect(() => parseUserConfig("c.yml", text)).toThrow('c.yml:6: invalid JSON at line 6: duplicate key "production" (two keys that read as the same name)');
    const nested = '{"production": {"accounts": ["111111111111"],\n "\\u0061ccounts": []}}';
    expect(() => parseUserConfig("c.yml", nested)).toThrow('c.yml:2: invalid JSON at line 2: duplicate key "accounts" (two keys that read as the same name)');
    // The same name in two objects is no duplicate.
    expect(parseUserConfig("c.yml", '{"production": {"tags": {"Environment": ["prod"]}}, "agents": {"tags": {"agent": ["*"]}}}')).toMatchObject({
      production: { tags: { Environment: ["prod"] } },
      agents: { tags: { agent: ["*"] } },
    });
  });

  it("a configuration written as JSON nested past what can be checked for repeated keys: an error, not a crash", () => {
    const text = `{"x": ${"[".repeat(1500)}${"]".repeat(1500)}}`;
    expect(() => parseUserConfig("c.yml", text)).toThrow(/^c\.yml:1: invalid JSON at line 1: nested more than 1000 levels deep$/);
  });

  it("a configuration written as YAML nested ten thousand levels deep: a ConfigError naming the file, not a crash", () => {
    for (const text of [`agents: ${"[".repeat(10000)}${"]".repeat(10000)}\n`, `agents:\n  logins: ${"[".repeat(10000)}${"]".repeat(10000)}\n`]) {
      let thrown: unknown;
      try {
        parseUserConfig("c.yml", text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).message).toBe("c.yml: cannot be parsed: nested too deeply: thousands of levels, more than the reader's stack holds");
    }
  });

  it("rejects a suppression without a real reason", () => {
    const text = "suppressions:\n  - rule: agent-destructive-prod\n    subject: AgentRole\n    reason: because\n";
    expect(() => parseUserConfig("c.yml", text)).toThrow(/c\.yml:4: "suppressions\.0\.reason": a suppression needs a reason of at least 10 characters/);
  });

  it("rejects an unknown rule id in neverWaivable", () => {
    expect(() => parseUserConfig("c.yml", "neverWaivable: [no-such-rule]\n")).toThrow(/c\.yml:1: "neverWaivable\.0"/);
  });

  it("a config that is a list, not a mapping: an error naming the file and its first line, not an empty config", () => {
    expect(() => parseUserConfig("c.yml", "- agents\n- production\n")).toThrow(/^c\.yml:1: (?!")\S/);
  });

  it("an empty config file is the defaults (nothing configured), not an error", () => {
    expect(parseUserConfig("c.yml", "")).toEqual(parseUserConfig("c.yml", "{}\n"));
    expect(resolvePolicy(parseUserConfig("c.yml", "")).production.nameTokens).toContain("prod");
  });

  it("approverTeams: slugs and org/slug as written, @org/slug without the @; a team's display name is an error with its line", () => {
    const teams = (text: string) => resolvePolicy(parseUserConfig("c.yml", text)).review.approverTeams;
    expect(teams('review:\n  approverTeams: [platform-leads, my-org/leads, "@my-org/sre", Ops_Team]\n')).toEqual(["platform-leads", "my-org/leads", "my-org/sre", "Ops_Team"]);
    expect(() => teams("review:\n  approverTeams:\n    - platform\n    - Platform Leads\n")).toThrow(/^c\.yml:4: "review\.approverTeams\.1": "Platform Leads" is not a team slug: write it as in the team's URL/);
    for (const bad of ['"@"', "a/b/c", "/leads", "my-org/", "my org/leads", "leads@my-org"]) {
      expect(() => teams(`review:\n  approverTeams: [${bad}]\n`)).toThrow(/^c\.yml:2: "review\.approverTeams\.0": .* is not a team slug/);
    }
  });

  it("rejects malformed YAML with its line", () => {
    expect(() => parseUserConfig("c.yml", "review:\n  requiredApprovals: [1\n")).toThrow(/c\.yml:\d+: invalid YAML/);
  });

  it("extends defaults, or replaces them when asked", () => {
    const extended = resolvePolicy(parseUserConfig("c.yml", "production:\n  nameTokens: [main]\n  accounts: [111111111111]\n"));
    expect(extended.production.nameTokens).toEqual(expect.arrayContaining(["prod", "main"]));
    expect(extended.production.accounts).toEqual(["111111111111"]);
    const replaced = resolvePolicy(parseUserConfig("c.yml", "production:\n  nameTokens: [main]\n  replaceDefaults: true\n"));
    expect(replaced.production.nameTokens).toEqual(["main"]);
    expect(resolvePolicy().review.requiredApprovals).toBe(2);
  });

  it("nonAgentPhrases: extended or replaced like every list, lower-cased; a phrase that is not words of letters and digits is an error with its line", () => {
    const extended = resolvePolicy(parseUserConfig("c.yml", "agents:\n  nonAgentPhrases: [Build Agent]\n"));
    expect(extended.agents.nonAgentPhrases).toEqual(expect.arrayContaining(["cloudwatch agent", "build agent"]));
    const replaced = resolvePolicy(parseUserConfig("c.yml", "agents:\n  nonAgentPhrases: []\n  replaceDefaults: true\n"));
    expect(replaced.agents.nonAgentPhrases).toEqual([]);
    for (const phrase of ["'cloud*watch agent'", "'cloudwatch  agent'", "' agent'", "''"]) {
      expect(() => parseUserConfig("c.yml", `agents:\n  nonAgentPhrases:\n    - ${phrase}\n`)).toThrow(/c\.yml:3.*nonAgentPhrases/);
    }
  });

  it("production accounts are 12-digit IDs: anything else would match no account and make every account non-production (no finding at all)", () => {
    const ok = resolvePolicy(parseUserConfig("c.yml", "production:\n  accounts: [123456789012, '012345678901']\n  nonProductionAccounts: ['210987654321']\n"));
    expect(ok.production.accounts).toEqual(["123456789012", "012345678901"]);
    // `*`, an alias, a digit missing, and an unquoted ID that began with 0 (YAML drops the 0).
    for (const [value, message] of [
      ['"*"', /"\*" is not an AWS account ID: .*every account counts as production when production\.accounts is left out, the default/],
      ["prod-account", /"prod-account" is not an AWS account ID/],
      ["'12345678901'", /"12345678901" is not an AWS account ID/],
      ["012345678901", /12345678901 is not a 12-digit AWS account ID: .* quote the ID, e\.g\. "012345678901"/],
    ] as const) {
      expect(() => parseUserConfig("c.yml", `production:\n  accounts:\n    - ${value}\n`)).toThrow(new RegExp(`c\\.yml:3.*production\\.accounts.*${message.source}`));
      expect(() => parseUserConfig("c.yml", `production:\n  nonProductionAccounts:\n    - ${value}\n`)).toThrow(/c\.yml:3.*nonProductionAccounts/);
    }
  });

  it("normalizes agent logins the way GitHub's two APIs differ", () => {
    const policy = resolvePolicy(parseUserConfig("c.yml", "agents:\n  logins: ['Our-Agent[bot]']\n"));
    expect(policy.agents.logins).toContain("our-agent");
  });
});

describe("validated defaults cache (written by the build)", () => {
  const names = ["destructive-actions.yaml", "escalation-paths.yaml", "agents.yaml", "production.yaml", "infra-paths.yaml", "dashboards.yaml", "resource-protection.yaml"];
  const textsOf = (dir: string): Record<string, string> => Object.fromEntries(names.map((n) => [n, readFileSync(path.join(dir, n), "utf8")]));
  const cacheFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), "ag-defaults-cache-")), "defaults-cache.json");

  it("is exactly what validating the shipped files gives (a JSON round trip loses nothing)", () => {
    const file = cacheFile();
    const written = writeDefaultsCache(file, DEFAULT_POLICIES_DIR, "code-1");
    const validated = loadDefaults(copyOfDefaults()); // from src/: no compiled code to fingerprint, so validated
    expect(written).toStrictEqual(validated);
    expect(readDefaultsCache(file, textsOf(DEFAULT_POLICIES_DIR), "code-1")).toStrictEqual(validated);
  });

  it("is not used for other policy texts: an edited file is validated (and a broken one still fails)", () => {
    const file = cacheFile();
    writeDefaultsCache(file, DEFAULT_POLICIES_DIR, "code-1");
    const dir = copyOfDefaults();
    writeFileSync(path.join(dir, "production.yaml"), "nameTokens: [prod]\nnonProductionTokens: [dev]\ntags:\n  Environment: 3\n");
    expect(readDefaultsCache(file, textsOf(dir), "code-1")).toBeUndefined();
    expect(readDefaultsCache(file, { ...textsOf(DEFAULT_POLICIES_DIR), "extra.yaml": "" }, "code-1")).toBeUndefined();
    expect(() => loadDefaults(dir)).toThrow(/production\.yaml:4: "tags\.Environment"/);
  });

  it("is not used when made by other code (schema, parser, yaml or zod), when damaged or missing, or when the code cannot be fingerprinted", () => {
    const file = cacheFile();
    const texts = textsOf(DEFAULT_POLICIES_DIR);
    expect(readDefaultsCache(file, texts, "code-1")).toBeUndefined();
    writeDefaultsCache(file, DEFAULT_POLICIES_DIR, "code-1");
    expect(readDefaultsCache(file, texts, "code-2")).toBeUndefined();
    expect(readDefaultsCache(file, texts, undefined)).toBeUndefined();
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 100));
    expect(readDefaultsCache(file, texts, "code-1")).toBeUndefined();
    // Running from src/ (as Jest does) there is no compiled schema beside load.ts to fingerprint.
    expect(defaultsCodeFingerprint()).toBeUndefined();
  });
});

describe("escalation-paths.yaml passedToService", () => {
  it("is refused on a path that passes no role, naming the file and line", () => {
    const dir = copyOfDefaults();
    const file = path.join(dir, "escalation-paths.yaml");
    const text = readFileSync(file, "utf8").replace(
      /( {2}- id: ecs-update-service\n(?: {4}.*\n)*? {4}service: ecs-tasks\.amazonaws\.com\n)/,
      "$1    passedToService: [ecs.amazonaws.com]\n",
    );
    expect(text).toContain("passedToService: [ecs.amazonaws.com]");
    writeFileSync(file, text);
    expect(() => loadDefaults(dir)).toThrow(/escalation-paths\.yaml:\d+.*only a passed-role path names passedToService/);
  });
});

describe("resource-protection.yaml emptiedBy", () => {
  it("is refused when its type is not a custom resource, naming the file and line", () => {
    const dir = copyOfDefaults();
    const file = path.join(dir, "resource-protection.yaml");
    const text = readFileSync(file, "utf8").replace("type: Custom::S3AutoDeleteObjects", "type: AWS::Lambda::Function");
    expect(text).toContain("type: AWS::Lambda::Function");
    writeFileSync(file, text);
    expect(() => loadDefaults(dir)).toThrow(/resource-protection\.yaml:\d+.*expected a custom resource type/);
  });
});
