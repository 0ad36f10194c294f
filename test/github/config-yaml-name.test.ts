/**
 * The app reads `.github/agent-guardrail.yml` at the base. A team that names its file
 * `.github/agent-guardrail.yaml` (the extension YAML's own FAQ recommends) got the defaults
 * silently: its requiredApprovals: 3 or approverTeams never applied. A `.yaml` file on the base
 * now fails the check with the file and what to do, so the gate is never weaker than written.
 * Payload: the real `pull_request.opened` of @octokit/webhooks-examples (MIT).
 */
import { BASE_SHA, examplePayload, pullData } from "./helpers.js";
import { agentPushedHead, CONFIG, createRun, github, githubOnlyThroughNock, graphqlReply, HEAD, noConfig, twoPersonAppPerTest } from "./wire.js";

githubOnlyThroughNock();
const { receive } = twoPersonAppPerTest();

const approvals = [
  { id: 11, login: "alice", state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:00:00Z" },
  { id: 12, login: "bob", state: "APPROVED" as const, commit: HEAD, at: "2026-11-20T10:01:00Z" },
];
/** Copilot's infrastructure PR with two independent approvals; `yaml`: the base holds .github/agent-guardrail.yaml. */
function facts(yaml: boolean) {
  const data = pullData({ number: 2, headSha: HEAD, reviews: approvals }) as { repository: { pullRequest: { baseRef: { target: Record<string, unknown> } } } };
  data.repository.pullRequest.baseRef.target["unreadConfig"] = yaml ? { oid: "5d2b7b6c3f0e4a1b9c8d7e6f5a4b3c2d1e0f9a8b" } : null;
  return data;
}

it("a .github/agent-guardrail.yaml on the base fails the check naming it, instead of the defaults passing", async () => {
  // Decided before running: the base's .yaml asks for 3 approvals; the PR has 2. Read as written it
  // fails; ignored (the defaults: 2) it passed. It must FAIL, saying which file to rename.
  const { scope, rec } = github();
  graphqlReply(scope, rec, facts(true));
  // No .yml on the base (read only by an app that ignores the .yaml).
  scope.get(CONFIG).query({ ref: BASE_SHA }).optionally().reply(404, { message: "Not Found" });
  createRun(scope, rec);
  await receive("pull_request", examplePayload("pull_request", "opened", 1));
  expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
  expect(rec.checkRuns[0]?.body.output.summary).toContain("invalid configuration: Codertocat/Hello-World:.github/agent-guardrail.yaml@master (380387f): the app reads .github/agent-guardrail.yml");
});

it("no .yaml: the .yml (or the defaults) decide as before", async () => {
  const { scope, rec } = github();
  graphqlReply(scope, rec, facts(false));
  noConfig(scope);
  agentPushedHead(scope);
  createRun(scope, rec);
  await receive("pull_request", examplePayload("pull_request", "opened", 1));
  expect(rec.checkRuns[0]?.body.conclusion).toBe("success");
});
