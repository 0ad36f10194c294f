import { stripNegated } from "../../../src/core/dashboards/negation.js";
import { matchedTerms, normalizeTerm, TermMatcher, tokenize } from "../../../src/core/dashboards/tokenize.js";

describe("tokenize", () => {
  it("splits camelCase, snake_case, dotted and slashed names into lower-case words", () => {
    expect(tokenize("copilot_ide_code_completions_total_engaged_users")).toEqual(["copilot", "ide", "code", "completions", "total", "engaged", "users"]);
    expect(tokenize("WeeklyActiveUsers")).toEqual(["weekly", "active", "users"]);
    expect(tokenize("AIAcceptanceRate")).toEqual(["ai", "acceptance", "rate"]);
    expect(tokenize("claude_code.token.usage")).toEqual(["claude", "code", "token", "usage"]);
    expect(tokenize("AWS/Bedrock InputTokenCount")).toEqual(["aws", "bedrock", "input", "token", "count"]);
    expect(tokenize("HTTP 429s")).toEqual(["http", "429", "s"]);
    expect(tokenize("PRs by agent")).toEqual(["prs", "by", "agent"]);
  });

  it("matches multi-word terms and terms glued in one identifier", () => {
    const terms = ["codewhisperer", "q developer", "active users", "pagerduty", "incident"].map(normalizeTerm);
    const found = new TermMatcher(terms).match(["CodeWhisperer accepted suggestions", "q_developer.active_users", "PagerDuty"]);
    expect(matchedTerms(found, terms)).toEqual([
      "codewhisperer",
      "q developer",
      "active users",
      "pagerduty",
    ]);
  });

  it("does not match a word inside another word", () => {
    expect([...new TermMatcher(["sev", "ai", "active users"]).match(["severity_level", "main", "inactive users"])]).toEqual([]);
  });

  it("matches glued text against spaced terms and the reverse", () => {
    const m = new TermMatcher(["Active Users", "qdeveloper", "change failure rate"]);
    expect([...m.match(["weeklyActiveUsers"])]).toEqual(["active users"]);
    expect([...m.match(["Q Developer seats"])]).toEqual(["qdeveloper"]);
    expect([...m.match(["dora_change_failure_rate"])]).toEqual(["change failure rate"]);
  });
});

describe("stripNegated", () => {
  it.each([
    ['{app="proxy"} != "incident"', "incident"],
    ['{kind!~"incident|outage"}', "incident"],
    ["WHERE type != 'INCIDENT'", "INCIDENT"],
    ["WHERE type <> 'incident'", "incident"],
    ["WHERE type NOT IN ('incident', 'rollback')", "rollback"],
    ["WHERE title NOT LIKE '%outage%'", "outage"],
    ["| filter kind not like /incident/", "incident"],
    ["SEARCH('{Ops} NOT \"Incidents\"', 'Sum', 300)", "Incidents"],
    ["service:web -tag:incident status:error", "incident"],
    ["sum:deploys{!kind:rollback}", "rollback"],
    ["service:web NOT kind:incident", "incident"],
  ])("removes the excluded word from %s", (query, word) => {
    expect(stripNegated(query)).not.toContain(word);
  });

  it("keeps positive mentions", () => {
    expect(stripNegated('{kind="incident"} |= "outage"')).toContain("incident");
    expect(stripNegated("WHERE type = 'INCIDENT' AND x != 'y'")).toContain("INCIDENT");
    expect(stripNegated("sum:datadog.incident.count{severity:sev-1}")).toContain("incident");
  });
});
