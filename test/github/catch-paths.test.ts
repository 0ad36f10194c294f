/**
 * The App's remaining error branches (issue 15: every `catch` entered by a test): a passing run
 * that cannot be put in progress, a check that rejects with a value nothing can describe, a config
 * push whose open pull requests cannot be listed, and a failed evaluation queued before another of
 * the same commit. None of them may end in a pass. GitHub through nock, real webhook payloads.
 */
import nock from "nock";
import type { Probot } from "probot";
import { serializer } from "../../src/github/app.js";
import type { PullCheck } from "../../src/github/checks/types.js";
import type { EvaluationResult } from "../../src/github/evaluate.js";
import { examplePayload, pullData, testProbot } from "./helpers.js";
import { createRun, github, graphqlReply, HEAD, noConfig, REPO, updateRun } from "./wire.js";

const NAME = "agent-guardrail / probe";
let results: EvaluationResult[];
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  nock.cleanAll();
  results = [];
});
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const app = (check: PullCheck): Promise<Probot> => testProbot({ checks: [check], onEvaluated: (r) => results.push(r), retryDelaysMs: [1, 1] });
const opened = (probot: Probot) => probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);

describe("evaluateCommit", () => {
  it("a passing run that cannot be put in progress is still replaced by the new verdict, a failure", async () => {
    const probot = await app({ name: NAME, run: () => Promise.resolve({ conclusion: "failure", title: "broken", summary: "broken", annotations: [] }) });
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, checkRuns: [{ id: 4242, name: NAME, conclusion: "SUCCESS" }] }));
    noConfig(scope);
    // The in-progress mark is refused; the final write goes through.
    scope.patch(`${REPO}/check-runs/4242`, (body: { status?: string }) => body.status === "in_progress").reply(502, { message: "Bad Gateway" });
    updateRun(scope, rec, 4242);
    await opened(probot);
    expect(rec.checkRuns.map((r) => [r.method, r.body.status, r.body.conclusion])).toEqual([["PATCH", "completed", "failure"]]);
    expect(results.map((r) => [r.conclusions, r.writeFailures])).toEqual([[{ [NAME]: "failure" }, 0]]);
  });

  it("a check that rejects with a value that cannot even be turned into text fails closed", async () => {
    // describeError stringifies the rejection; an object without a prototype has no toString.
    const probot = await app({ name: NAME, run: () => Promise.reject(Object.create(null) as object) });
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
    noConfig(scope);
    createRun(scope, rec);
    await opened(probot);
    expect(rec.checkRuns.map((r) => r.body.conclusion)).toEqual(["failure"]);
    expect(rec.checkRuns[0]?.body.output.title).toBe(`${NAME} could not be evaluated`);
    expect(rec.checkRuns[0]?.body.output.summary).toContain("error: Cannot convert object to primitive value");
  });
});

describe("a config push whose open pull requests cannot be listed", () => {
  it("re-evaluates nothing and writes nothing, and the delivery fails (a 500 recorded for redelivery), never answered as handled", async () => {
    // Decided first: the open PRs keep verdicts given under the old gate, so the delivery must not
    // be a 200 that nothing records. Before, receive resolved: no 500, no dead letter.
    const probot = await app({ name: NAME, run: () => Promise.resolve({ conclusion: "success", title: "ok", summary: "ok", annotations: [] }) });
    const payload = examplePayload("push", undefined as unknown as string, 4);
    payload["commits"][0].modified = [".github/agent-guardrail.yml"];
    const { scope, rec } = github();
    scope.post("/graphql", (b: { query: string }) => b.query.includes("OpenPulls")).reply(502, { message: "Bad Gateway" });
    await expect(probot.receive({ id: "p1", name: "push", payload } as never)).rejects.toThrow(/the open pull requests into it could not be listed \(GitHub API error 502: .*\): they keep their verdicts; redeliver this push/);
    expect(rec.requests.filter((r) => r.startsWith("POST /graphql"))).toHaveLength(1);
    expect(rec.checkRuns).toEqual([]);
    expect(results).toEqual([]);
  });
});

describe("serializer: evaluations of one commit run one after another", () => {
  it("an evaluation that failed does not stop the next one of the same commit", async () => {
    const serialized = serializer();
    const order: string[] = [];
    const first = serialized("o/r@sha", async () => {
      order.push("first");
      throw new Error("GitHub went away");
    });
    const second = serialized("o/r@sha", () => {
      order.push("second");
      return Promise.resolve("evaluated");
    });
    await expect(first).rejects.toThrow("GitHub went away");
    await expect(second).resolves.toBe("evaluated");
    expect(order).toEqual(["first", "second"]);
  });

  it("one arriving after the first ended still waits for the one running (the first's end forgets only itself)", async () => {
    const serialized = serializer();
    const log: string[] = [];
    let releaseSecond: () => void = () => undefined;
    const secondGate = new Promise<void>((resolve) => (releaseSecond = resolve));
    const first = serialized("o/r@sha", () => (log.push("first"), Promise.resolve()));
    const second = serialized("o/r@sha", async () => {
      log.push("second starts");
      await secondGate;
      log.push("second ends");
    });
    await first;
    const third = serialized("o/r@sha", () => (log.push("third"), Promise.resolve()));
    // Another commit does not wait.
    await serialized("o/r@other", () => (log.push("other"), Promise.resolve()));
    releaseSecond();
    await Promise.all([second, third]);
    expect(log).toEqual(["first", "second starts", "other", "second ends", "third"]);
  });
});
