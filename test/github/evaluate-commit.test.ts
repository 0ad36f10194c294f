/**
 * evaluateCommit when the facts cannot be read: a run another evaluation wrote from newer facts
 * does not stop the failure from being written (a verdict that could not be computed is always
 * written), and a neutral run (which satisfies a required check) is put in progress first like a
 * pass, so a failed final write can never leave it standing.
 */
import type { GitHubApi, PullCheck } from "../../src/github/checks/types.js";
import { evaluateCommit, type EvaluationDeps } from "../../src/github/evaluate.js";

const NAME = "agent-guardrail / two-person review";
const SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

test("facts that cannot be read: the neutral run written from newer facts is put in progress, then replaced by the failure", async () => {
  const calls: { route: string; params: Record<string, unknown> }[] = [];
  const neutral = { id: 9, name: NAME, status: "completed", conclusion: "neutral", external_id: "v2|2|2026-11-20T10:00:00Z", output: { annotations_count: 0 } };
  const api: GitHubApi = {
    request: (route: string, params?: Record<string, unknown>) => {
      calls.push({ route, params: params ?? {} });
      if (route.startsWith("GET ")) return Promise.resolve({ data: { total_count: 1, check_runs: [neutral] } }) as never;
      return Promise.resolve({ data: { id: 9 } }) as never;
    },
    graphql: () => Promise.reject(new Error("no GraphQL expected")),
  };
  const check: PullCheck = { name: NAME, run: () => Promise.resolve({ conclusion: "success", title: "pass", summary: "pass", annotations: [] }) };
  const deps: EvaluationDeps = { api, ledger: { requests: 0, remaining: {} }, owner: "acme", repo: "platform", htmlUrl: "https://github.com/acme/platform", appId: 123, checks: [check], log: { info: () => undefined, error: () => undefined }, retryDelaysMs: [] };
  const result = await evaluateCommit(deps, { sha: SHA, pulls: [2], error: new Error("GitHub API error 502: Bad Gateway") });
  const patches = calls.filter((c) => c.route.startsWith("PATCH ")).map((c) => [c.params["check_run_id"], c.params["status"], c.params["conclusion"]]);
  expect(patches).toEqual([
    [9, "in_progress", undefined],
    [9, "completed", "failure"],
  ]);
  expect(result).toMatchObject({ conclusions: { [NAME]: "failure" }, superseded: [], writeFailures: 0 });
});
