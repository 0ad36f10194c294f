/**
 * The shipped agents.yaml recognizes the attribution other coding agents write, in the exact form
 * each writes it (public commits and the tools' own defaults, 2026-12; sources beside each entry in
 * policies/agents.yaml). Bob opens a PR touching infrastructure with one commit of his own: with an
 * agent's trailer or marker in it, the PR is agent-authored and needs two independent approvals;
 * without one it is bob's, as before.
 */
import type { PullFacts } from "../../../src/core/review/facts.js";
import { rule } from "../../../src/core/review/two-person-review.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { copilotPr, HEAD } from "./facts.js";

const policy = resolvePolicy();
const bob = { name: "Bob", email: "bob@acme.example", login: "bob" };
const bobsPr = (message: string, author: PullFacts["commits"][number]["author"] = bob): PullFacts =>
  copilotPr({ author: { login: "bob", type: "User" }, headRef: "bob/orders", body: "", commits: [{ sha: HEAD, message, author, committer: bob }] });
const decide = (facts: PullFacts) => rule.evaluate(facts, policy);

describe("attribution of other coding agents (shipped defaults)", () => {
  it.each([
    ["Codex", "Co-authored-by: Codex <codex@openai.com>"],
    ["Amp", "Co-authored-by: Amp <amp@ampcode.com>"],
    ["Amp's thread trailer alone", "Amp-Thread-ID: https://ampcode.com/threads/T-019c58d6-7447-76d1-8e5b-c1c0e03cac36"],
    ["opencode", "Co-Authored-By: opencode <noreply@opencode.ai>"],
    ["Warp", "Co-Authored-By: Warp <agent@warp.dev>"],
    ["Gemini CLI", "Co-authored-by: Gemini <gemini-cli@google.com>"],
    ["Qwen Code", "Co-authored-by: Qwen-Coder <qwen-coder@alibabacloud.com>"],
    ["TRAE CLI", "Co-authored-by: TRAE CLI <traecli@bytedance.com>"],
    ["Continue", "Co-Authored-By: Continue <noreply@continue.dev>"],
    ["Augment Agent", "Co-authored-by: Augment Agent <agent@augmentcode.com>"],
    ["Auggie", "Co-Authored-By: Auggie (GPT-5) <noreply@augmentcode.com>"],
    ["Continue's marker alone", "Generated with [Continue](https://continue.dev)"],
    ["Amp's marker alone", "🤖 Generated with [Amp](https://ampcode.com)"],
    // SigNoz/dashboards 0cef2839cf1aa59754bd1287194f00e19d21634d (Apache-2.0), its trailer as written.
    ["Paperclip", "Co-Authored-By: Paperclip <noreply@paperclip.ing>"],
    // RESTGroup/rstsr 3a9431b27e1fe4990c74db6c030b95fda534c619 (Apache-2.0): the model by its maker's
    // address, beside an agent named by an address no tool uses.
    ["a DeepSeek model", "Co-authored-by: OpenCode <support@open-code.ai>\nCo-authored-by: deepseek-v4-flash <service@deepseek.com>"],
    ["a GLM model", "Co-authored-by: glm-5.2 <service@zhipuai.cn>"],
    ["a Kimi model", "Co-Authored-By: kimi-k2.5 <growth@moonshot.cn>"],
    ["a MiniMax model", "Co-authored-by: MiniMax-M2.5 <model@minimax.io>"],
    // microsoft/Application-Insights-Workbooks abee823380b6355d3972aa1a585a66d73763fec6 (MIT): Copilot's
    // session trailer, here without the co-author line beside it (projects that refuse AI co-authors drop it).
    ["Copilot's session trailer alone", "Copilot-Session: a0bcb2e5-64f7-4bd2-ab98-0d9aba088efc"],
    // A co-author named only as an AI: DataDog/stratus-red-team 3e0279cc (Apache-2.0, a .tf file among
    // its changes), DataDog/integrations-extras d99d92f7b (BSD-3-Clause), aws-samples/remote-swe-agents c3174ec (MIT-0).
    ["a co-author named 'A LLM Agent'", "Co-Authored-By: A LLM Agent"],
    ["a co-author named 'AI'", "Commit Generated with AI\n\nCo-Authored-By: AI"],
    ["a co-author named 'AI Assistant'", "Co-authored-by: AI Assistant <ai-assistant@example.com>"],
  ])("%s: the PR is agent-authored and one approval is not enough", (_agent, trailer) => {
    const d = decide({ ...bobsPr(`Recreate the orders table\n\n${trailer}\n`), reviews: [{ id: 1, user: { login: "carol", type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: "2026-12-05T10:00:00Z" }] });
    expect(d).toMatchObject({ guarded: true, conclusion: "failure" });
  });

  it("Codex as the commit's author (not a trailer) is named as the agent", () => {
    // Guarded either way (an author GitHub maps to no login fails closed); the reason says why.
    expect(decide(bobsPr("Recreate the orders table", { name: "Codex", email: "codex@openai.com", login: null })).reasons[0]).toBe(`commit ${HEAD.slice(0, 7)} author Codex <codex@openai.com> is an agent`);
  });

  it("Hermes Agent committing under its own git identity on a workflow is an agent, linked to its account or not (HackTricks-wiki/hacktricks-cloud 8ef9b3e4)", () => {
    // Facts only (no licence file in the repository): 2026-07-19, author and committer
    // "Hermes Agent <hermes-agent@users.noreply.github.com>", .github/workflows/build_master.yml changed.
    for (const login of ["hermes-agent", null]) {
      const hermes = { name: "Hermes Agent", email: "hermes-agent@users.noreply.github.com", login };
      const pr = copilotPr({ author: { login: "bob", type: "User" }, headRef: "ci/s3-uploads", body: "", files: [{ path: ".github/workflows/build_master.yml" }], commits: [{ sha: HEAD, message: "ci: avoid redundant S3 uploads\n", author: hermes, committer: hermes }] });
      const d = decide({ ...pr, reviews: [{ id: 1, user: { login: "carol", type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: "2026-07-19T10:00:00Z" }] });
      expect(d.reasons[0]).toBe(`commit 9f2c1e7 author ${login ?? "Hermes Agent"} <hermes-agent@users.noreply.github.com> is an agent`);
      expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 1 });
    }
  });

  it("Remote SWE Agents' worker commits as remote-swe-app[bot] whatever its app's id: an agent (aws-samples/remote-swe-agents 6df3912)", () => {
    // 2026-03-16, MIT-0: author and committer as the worker's git config writes them, on cdk/lib/constructs.
    for (const email of ["123456+remote-swe-app[bot]@users.noreply.github.com", "2411873+remote-swe-app[bot]@users.noreply.github.com"]) {
      const worker = { name: "remote-swe-app[bot]", email, login: null };
      const pr = copilotPr({ author: { login: "bob", type: "User" }, headRef: "feat/docker-free-deploy", body: "", files: [{ path: "cdk/lib/constructs/worker/index.ts" }], commits: [{ sha: HEAD, message: "feat: remove Docker dependency from cdk deploy\n", author: worker, committer: worker }] });
      const d = decide({ ...pr, reviews: [{ id: 1, user: { login: "carol", type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: "2026-03-16T10:00:00Z" }] });
      expect(d.reasons[0]).toBe(`commit 9f2c1e7 author remote-swe-app[bot] <${email}> is an agent`);
      expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 1 });
    }
  });

  it("Remote SWE Agents' demo machine user (remote-swe-user, a User account) opening a PR on a CDK construct is an agent (aws-samples/remote-swe-agents#363)", () => {
    // Squash 9dcd5b358ccd1cf92b01ffef5be209b863b45579 (2026-01-24, MIT-0), cdk/lib/constructs/cf-lambda-furl-service/service.ts.
    const user = { name: "remote-swe-user", email: "200029175+remote-swe-user@users.noreply.github.com", login: "remote-swe-user" };
    const pr = copilotPr({ author: { login: "remote-swe-user", type: "User" }, headRef: "fix/oac-invoke", body: "", files: [{ path: "cdk/lib/constructs/cf-lambda-furl-service/service.ts" }], commits: [{ sha: HEAD, message: "fix: add lambda:InvokeFunction permission for CloudFront OAC compliance\n", author: user, committer: user }] });
    const d = decide({ ...pr, reviews: [{ id: 1, user: { login: "carol", type: "User" }, state: "APPROVED", commitId: HEAD, submittedAt: "2026-01-24T10:00:00Z" }] });
    expect(d.reasons[0]).toBe("opened by agent remote-swe-user");
    expect(d).toMatchObject({ guarded: true, conclusion: "failure", missing: 1 });
  });

  it("the same commit without the trailer is bob's own: not guarded", () => {
    expect(decide(bobsPr("Recreate the orders table\n\nReviewed-by: Carol <carol@acme.example>\n"))).toMatchObject({ guarded: false, conclusion: "success" });
  });

  it("a person whose name holds 'Ai' or the letters of 'LLM' is no AI", () => {
    const pr = bobsPr("Recreate the orders table\n\nCo-authored-by: Ai Tanaka <1003+aitanaka@users.noreply.github.com>\nCo-authored-by: Sam Hillman <1004+shillman@users.noreply.github.com>\n");
    expect(decide(pr)).toMatchObject({ guarded: false, conclusion: "success" });
    expect(decide(bobsPr("Recreate the orders table\n", { name: "Ai Tanaka", email: "ai@acme.example", login: "aitanaka" }))).toMatchObject({ guarded: false, conclusion: "success" });
  });

  it("a person at a tool maker's domain is not an agent: only the tools' own addresses are", () => {
    const pr = bobsPr("Recreate the orders table\n\nCo-authored-by: Mia Pauly <mpauly@augmentcode.com>\nCo-authored-by: Jo <jo@openai.com>\nCo-authored-by: Li Wei <liwei@deepseek.com>\nCo-authored-by: Qwen Team <qianwen_opensource@alibabacloud.com>\n");
    expect(decide(pr)).toMatchObject({ guarded: false, conclusion: "success" });
  });
});
