/** The metric formats on their own: EMF omissions and Prometheus escaping, buckets and totals. */
import { Octokit } from "octokit";
import nock from "nock";
import { DURATION_BUCKETS, emfLines, inDelivery, newDelivery, observeRequests, PrometheusRegistry, tightestRateLimit } from "../../src/github/metrics.js";
import { MEMO_BUDGET } from "../../src/core/bounded-memo.js";
import type { HookedOctokit } from "../../src/github/requests.js";
import { RATE_HEADERS } from "./helpers.js";

describe("EMF lines", () => {
  it("a refused delivery: failure counts as 0/1, nothing that was not observed", () => {
    const [line, ...rest] = emfLines(newDelivery("d", "push", false), 1000).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(line).toEqual(expect.objectContaining({ Deliveries: 0, SignatureFailures: 1, CheckRunWriteFailures: 0 }));
    expect(line).not.toHaveProperty("GitHubRequests");
    expect(line).not.toHaveProperty("EvaluationTime");
    expect(line).not.toHaveProperty("RateLimitRemaining");
  });

  it("a verified delivery without a measured duration declares no EvaluationTime", () => {
    const [line] = emfLines(newDelivery("d", "pull_request", true), 1000).map((l) => JSON.parse(l) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } });
    expect(line?._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toEqual(["Deliveries", "SignatureFailures", "CheckRunWriteFailures", "GitHubRequests"]);
  });

  it("counts repeated (check, conclusion) pairs on one line each", () => {
    const d = newDelivery("d", "push", true);
    d.conclusions.push({ check: "a", conclusion: "failure" }, { check: "a", conclusion: "failure" }, { check: "a", conclusion: "success" });
    const lines = emfLines(d, 1).slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l["Check"], l["Conclusion"], l["CheckConclusions"]])).toEqual([
      ["a", "failure", 2],
      ["a", "success", 1],
    ]);
  });
});

describe("tightestRateLimit", () => {
  it("takes the lowest share among resources that reported a limit", () => {
    const d = newDelivery("d", "push", true);
    d.rateLimits.set("core", { resource: "core", remaining: 400, limit: 5000 });
    d.rateLimits.set("graphql", { resource: "graphql", remaining: 900, limit: 5000 });
    d.rateLimits.set("search", { resource: "search", remaining: 1 }); // no limit reported: no share
    expect(tightestRateLimit(d)).toEqual({ resource: "core", remaining: 400, limit: 5000, percent: 8 });
  });

  it("whatever order the resources reported in; of two equal shares, the first reported", () => {
    const d = newDelivery("d", "push", true);
    d.rateLimits.set("graphql", { resource: "graphql", remaining: 900, limit: 5000 });
    d.rateLimits.set("core", { resource: "core", remaining: 400, limit: 5000 });
    d.rateLimits.set("code_search", { resource: "code_search", remaining: 8, limit: 100 });
    expect(tightestRateLimit(d)).toEqual({ resource: "core", remaining: 400, limit: 5000, percent: 8 });
  });
});

describe("PrometheusRegistry", () => {
  it("escapes label values and fills every bucket at or above the duration", () => {
    const registry = new PrometheusRegistry();
    const d = newDelivery("d", "pull_request", true);
    d.conclusions.push({ check: 'a "quoted"\\check\nname', conclusion: "neutral" });
    d.durationMs = 300;
    registry.observe(d);
    const text = registry.render();
    expect(text).toContain('agent_guardrail_check_conclusions_total{check="a \\"quoted\\"\\\\check\\nname",conclusion="neutral"} 1\n');
    for (const le of DURATION_BUCKETS) expect(text).toContain(`agent_guardrail_evaluation_duration_seconds_bucket{le="${le}"} ${le >= 0.3 ? 1 : 0}\n`);
    expect(text).toContain("agent_guardrail_evaluation_duration_seconds_sum 0.3\n");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("a duration on a bucket's bound counts in that bucket (le: less than or equal), and buckets add up", () => {
    const registry = new PrometheusRegistry();
    for (const durationMs of [500, 400]) {
      const d = newDelivery(`d${durationMs}`, "pull_request", true);
      d.durationMs = durationMs;
      registry.observe(d);
    }
    const text = registry.render();
    expect(text).toContain('agent_guardrail_evaluation_duration_seconds_bucket{le="0.25"} 0\n');
    expect(text).toContain('agent_guardrail_evaluation_duration_seconds_bucket{le="0.5"} 2\n');
    expect(text).toContain('agent_guardrail_evaluation_duration_seconds_bucket{le="+Inf"} 2\n');
  });

  it("a delivery without a measured duration is not in the histogram", () => {
    const registry = new PrometheusRegistry();
    registry.observe(newDelivery("d", "pull_request", true));
    const text = registry.render();
    expect(text).toContain("agent_guardrail_evaluation_duration_seconds_count 0\n");
    expect(text).toContain("agent_guardrail_evaluation_duration_seconds_sum 0\n");
    expect(text).toContain('agent_guardrail_evaluation_duration_seconds_bucket{le="+Inf"} 0\n');
  });

  it("every family has its HELP and TYPE; a resource that reported no limit has no limit sample", () => {
    const registry = new PrometheusRegistry();
    const d = newDelivery("d", "push", true);
    d.rateLimits.set("core", { resource: "core", remaining: 400, limit: 5000 });
    d.rateLimits.set("search", { resource: "search", remaining: 1 });
    registry.observe(d);
    const lines = registry.render().split("\n");
    expect(lines).toContain("# HELP agent_guardrail_webhook_deliveries_total Webhook deliveries received with a valid signature.");
    expect(lines).toContain('agent_guardrail_webhook_deliveries_total{event="push"} 1');
    expect(lines).toContain("# HELP agent_guardrail_github_rate_limit_limit Rate limit per hour, as GitHub last reported it per resource.");
    expect(lines).toContain(`agent_guardrail_engine_memo_budget_units ${MEMO_BUDGET}`);
    expect(lines.find((l) => l.startsWith("agent_guardrail_engine_memo_units "))).toMatch(/^agent_guardrail_engine_memo_units \d+$/);
    expect(lines.filter((l) => l.startsWith("agent_guardrail_github_rate_limit_limit{"))).toEqual(['agent_guardrail_github_rate_limit_limit{resource="core"} 5000']);
    expect(lines.filter((l) => l.startsWith("agent_guardrail_github_rate_limit_remaining{"))).toEqual([
      'agent_guardrail_github_rate_limit_remaining{resource="core"} 400',
      'agent_guardrail_github_rate_limit_remaining{resource="search"} 1',
    ]);
    const families = lines.filter((l) => l.startsWith("# TYPE ")).map((l) => l.split(" ")[2]);
    expect(lines.filter((l) => l.startsWith("# HELP ")).map((l) => l.split(" ")[2])).toEqual(families);
    // Each HELP says something after the name.
    expect(lines.filter((l) => l.startsWith("# HELP ")).filter((l) => !/^# HELP \S+ \S/.test(l))).toEqual([]);
  });
  it("counters add up across deliveries: events, (check, conclusion) pairs, requests and check-run write failures", () => {
    const registry = new PrometheusRegistry();
    for (const failures of [1, 2]) {
      const d = newDelivery(`d${failures}`, "pull_request", true);
      d.conclusions.push({ check: "agent-guardrail / two-person review", conclusion: "failure" });
      d.requests = 5;
      d.checkRunWriteFailures = failures;
      registry.observe(d);
    }
    const lines = registry.render().split("\n");
    expect(lines).toContain('agent_guardrail_webhook_deliveries_total{event="pull_request"} 2');
    expect(lines).toContain('agent_guardrail_check_conclusions_total{check="agent-guardrail / two-person review",conclusion="failure"} 2');
    expect(lines).toContain("agent_guardrail_github_requests_total 10");
    expect(lines.filter((l) => l.startsWith("agent_guardrail_check_run_write_failures_total"))).toEqual(["agent_guardrail_check_run_write_failures_total 3"]);
  });
});

describe("observeRequests", () => {
  // A real Octokit against nock: the hooks see what a delivery's requests see.
  const octokit = () => new Octokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it("counts each request once, however often the app observes the same Octokit, and keeps its rate limit; an error is counted and re-thrown", async () => {
    const client = octokit();
    observeRequests(client as unknown as HookedOctokit);
    observeRequests(client as unknown as HookedOctokit); // deps() runs once per evaluation of a delivery
    nock("https://api.github.com").get("/repos/Codertocat/Hello-World").reply(200, { id: 1 }, RATE_HEADERS("core", 4990));
    nock("https://api.github.com").get("/repos/Codertocat/Missing").reply(404, { message: "Not Found" }, RATE_HEADERS("core", 4989));
    const d = newDelivery("d", "pull_request", true);
    await inDelivery(d, async () => {
      await client.request("GET /repos/{owner}/{repo}", { owner: "Codertocat", repo: "Hello-World" });
      await expect(client.request("GET /repos/{owner}/{repo}", { owner: "Codertocat", repo: "Missing" })).rejects.toMatchObject({ status: 404 });
    });
    expect(d.requests).toBe(2);
    expect(d.rateLimits.get("core")).toEqual({ resource: "core", remaining: 4989, limit: 5000 });
  });

  it("a request made outside any delivery counts nowhere and still answers", async () => {
    const client = octokit();
    observeRequests(client as unknown as HookedOctokit);
    nock("https://api.github.com").get("/repos/Codertocat/Hello-World").reply(200, { id: 1 }, RATE_HEADERS("core", 4990));
    await expect(client.request("GET /repos/{owner}/{repo}", { owner: "Codertocat", repo: "Hello-World" })).resolves.toMatchObject({ status: 200 });
  });
});
