/**
 * A check-run write that GitHub keeps refusing (src/github/evaluate.ts withRetries): tried once
 * and again after each configured delay, every attempt logged with its number and the error, the
 * last one as the final failure; the evaluation then reports the write as failed.
 */
import nock from "nock";
import { twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import { evaluateCommit, type LogLike } from "../../src/github/evaluate.js";
import { countedApi, githubOnlyThroughNock } from "./wire.js";

const API = "https://api.github.com";
const SHA = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

githubOnlyThroughNock();

describe("check-run writes", () => {
  it("are retried after each delay, each attempt logged; the last failure is final", async () => {
    const errors: { obj: Record<string, unknown>; msg?: string }[] = [];
    const log: LogLike = { info: () => undefined, error: (obj, msg) => errors.push({ obj: obj as Record<string, unknown>, ...(msg !== undefined ? { msg } : {}) }) };
    const { api, ledger } = countedApi();
    nock(API)
      .get(`/repos/acme/platform/commits/${SHA}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] })
      .post("/repos/acme/platform/check-runs")
      .times(3)
      .reply(502, { message: "Bad Gateway" });
    const result = await evaluateCommit(
      { api, ledger, owner: "acme", repo: "platform", htmlUrl: "https://github.com/acme/platform", checks: [twoPersonReviewCheck], log, retryDelaysMs: [1, 1] },
      { sha: SHA, pulls: [5], error: new Error("facts unavailable"), existing: new Map() },
    );
    expect(result.writeFailures).toBe(1);
    const writes = errors.filter((e) => e.msg?.startsWith("check-run write failed"));
    expect(writes.map((e) => [e.obj["attempt"], e.obj["sha"], e.obj["check"], e.obj["err"], e.msg])).toEqual([
      [1, SHA, twoPersonReviewCheck.name, "GitHub API error 502: Bad Gateway", "check-run write failed; retrying"],
      [2, SHA, twoPersonReviewCheck.name, "GitHub API error 502: Bad Gateway", "check-run write failed; retrying"],
      [3, SHA, twoPersonReviewCheck.name, "GitHub API error 502: Bad Gateway", "check-run write failed"],
    ]);
  });
});
