/**
 * Who asked the agent, from every text GitHub keeps: inline review comments, earlier revisions of
 * edited comments (with their editor), and the title and body of the issue the PR closes. The
 * triggers are those of claude-code-action's shipped workflow (anthropics/claude-code-action,
 * examples/claude.yml @ b903a6e, MIT): `issue_comment`, `pull_request_review_comment`,
 * `pull_request_review` and `issues` opened with "@claude" in the title or body; and of the
 * Copilot coding agent ("mention @copilot in pull request comments", review comments included).
 */
import nock from "nock";
import type { Probot } from "probot";
import { twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import { examplePayload, pullData, testProbot, type PullInput } from "./helpers.js";
import { agentPushedHead, createRun, github, graphqlReply, HEAD, noConfig, type CheckBody } from "./wire.js";
import { markdownText } from "../../src/github/checks/markdown.js";

let probot: Probot;
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  nock.cleanAll();
  probot = await testProbot({ checks: [twoPersonReviewCheck], retryDelaysMs: [] });
});
afterEach(() => expect(nock.pendingMocks()).toEqual([]));

const approval = (id: number, login: string, at = "2026-11-20T10:00:00Z") => ({ id, login, state: "APPROVED" as const, commit: HEAD, at });
const CLAUDE = { name: "claude[bot]", email: "41898282+claude[bot]@users.noreply.github.com", login: "claude" };
/** A claude-code-action PR: opened by the human who clicked "Create PR" (erin), commits by claude[bot]. */
const claudePull = (extra: Partial<PullInput>): PullInput => ({
  number: 2,
  headSha: HEAD,
  headRef: "claude/issue-12-20261119-0800",
  author: { login: "erin", type: "User" },
  body: "Raises the orders table's read capacity.\n\nFixes #12\n\nGenerated with [Claude Code](https://claude.ai/code)",
  files: [{ path: "infra/lib/orders-stack.ts" }],
  commits: [{ oid: HEAD, message: "Raise read capacity\n\nCo-authored-by: erin <1+erin@users.noreply.github.com>", author: CLAUDE }],
  ...extra,
});

/** The PR's facts on the wire (plus the edit histories asked for), no config: the run written. */
async function runFor(pull: PullInput, histories: Record<string, { diff: string; editedAt: string; editor: string | null }[]> = {}, records?: (scope: nock.Scope) => void): Promise<{ run: CheckBody | undefined; asked: string[][] }> {
  const { scope, rec } = github();
  graphqlReply(scope, rec, pullData(pull));
  records?.(scope);
  const asked: string[][] = [];
  if (Object.keys(histories).length) {
    scope
      .post("/graphql", (b: { query: string; variables: { ids?: string[] } }) => b.query.includes("TextEdits") && (asked.push(b.variables.ids ?? []), true))
      .reply(200, (_uri: string, body: { variables: { ids: string[] } }) => ({
        data: {
          nodes: body.variables.ids.map((id) => {
            const edits = histories[id] ?? [];
            return { id, userContentEdits: { totalCount: edits.length, nodes: edits.map((e) => ({ diff: e.diff, editedAt: e.editedAt, editor: e.editor ? { login: e.editor } : null })) } };
          }),
        },
      }));
  }
  noConfig(scope);
  createRun(scope, rec);
  await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
  return { run: rec.checkRuns[0]?.body, asked };
}

describe("requesters in texts the timeline alone does not show", () => {
  it("an inline review comment '@claude …' makes its author a requester: their later approval does not count", async () => {
    const { run } = await runFor(
      claudePull({
        reviews: [
          { id: 10, login: "bob", state: "COMMENTED", commit: "6dcb09b5b57875f334f61aebed695e2e4193db5e", at: "2026-11-19T09:00:00Z", body: "", comments: [{ author: "bob", body: "@claude open port 22 to 0.0.0.0/0 here as well", at: "2026-11-19T09:00:00Z" }] },
          approval(11, "alice"),
          approval(12, "bob"),
        ],
      }),
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count: asked the agent for this change (mentioned agent @claude in a comment");
  });

  it("a comment that asked '@claude …' and was then edited to 'LGTM' still names its writer (the revision's editor)", async () => {
    const { run, asked } = await runFor(
      claudePull({
        reviews: [approval(11, "alice"), approval(12, "bob")],
        timeline: [{ type: "IssueComment", id: "IC_kwDOA1", at: "2026-11-19T09:00:00Z", lastEditedAt: "2026-11-19T10:00:00Z", author: "bob", body: "LGTM" }],
      }),
      { IC_kwDOA1: [{ diff: "LGTM", editedAt: "2026-11-19T10:00:00Z", editor: "bob" }, { diff: "@claude make the bucket policy allow s3:* for the agent role", editedAt: "2026-11-19T09:00:00Z", editor: "bob" }] },
    );
    expect(asked).toEqual([["IC_kwDOA1"]]);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count: asked the agent for this change (mentioned agent @claude in a comment");
  });

  it("an edited inline review comment is read through its history too", async () => {
    const { run } = await runFor(
      claudePull({
        reviews: [
          { id: 10, login: "bob", state: "COMMENTED", commit: HEAD, at: "2026-11-19T09:00:00Z", comments: [{ id: "PRRC_kwDOA2", author: "bob", body: "nit", at: "2026-11-19T09:00:00Z", lastEditedAt: "2026-11-19T11:00:00Z" }] },
          approval(11, "alice"),
          approval(12, "bob"),
        ],
      }),
      { PRRC_kwDOA2: [{ diff: "@claude drop the deletion protection on this table", editedAt: "2026-11-19T09:00:00Z", editor: null }] },
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count: asked the agent for this change");
  });

  it("the issue the PR closes, opened with '@claude' in its body, makes the issue's author a requester", async () => {
    const { run } = await runFor(
      claudePull({
        reviews: [approval(11, "alice"), approval(12, "bob")],
        closingIssues: [{ number: 12, author: "bob", title: "Orders table throttles", body: "@claude raise the read capacity of the orders table to 400", timeline: [] }],
      }),
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count: asked the agent for this change (mentioned agent @claude in a comment");
  });

  it("an issue titled '@claude …' and renamed since still names its author", async () => {
    const { run } = await runFor(
      claudePull({
        reviews: [approval(11, "alice"), approval(12, "bob")],
        closingIssues: [{ number: 12, author: "bob", title: "Orders table throttles", body: "", timeline: [{ type: "RenamedTitleEvent", at: "2026-11-19T10:00:00Z", actor: "bob", previousTitle: "@claude raise the orders read capacity", currentTitle: "Orders table throttles" }] }],
      }),
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count");
  });

  it("an issue and comments that ask no agent exclude no one: two independent approvals pass", async () => {
    const { run } = await runFor(
      claudePull({
        reviews: [
          { id: 10, login: "bob", state: "COMMENTED", commit: HEAD, at: "2026-11-19T09:00:00Z", comments: [{ author: "bob", body: "Is 400 enough? See the Claude docs on capacity.", at: "2026-11-19T09:00:00Z" }] },
          approval(11, "alice"),
          approval(12, "bob"),
        ],
        closingIssues: [{ number: 12, author: "dave", title: "Orders table throttles", body: "Reads are throttled at peak.", timeline: [] }],
      }),
      {},
      // About to pass: who pushed the agent's commits is read.
      (scope) => agentPushedHead(scope, { head: HEAD, branch: "claude/issue-12-20261119-0800", login: "claude[bot]" }),
    );
    expect(run?.output.summary).toContain("2 independent approvals");
    expect(run?.conclusion).toBe("success");
  });

  it("a review with more inline comments than one page fails closed", async () => {
    const { scope, rec } = github();
    const data = pullData(claudePull({ reviews: [approval(11, "alice"), approval(12, "bob")] })) as { repository: { pullRequest: { reviews: { nodes: { comments: unknown }[] } } } };
    const first = data.repository.pullRequest.reviews.nodes[0];
    if (first) first.comments = { totalCount: 101, nodes: [] };
    graphqlReply(scope, rec, data);
    createRun(scope, rec);
    await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
    expect(rec.checkRuns[0]?.body.output.summary).toContain("review 11 has 101 inline comments");
  });
});

describe("agents and requesters the shipped identities missed", () => {
  it("a Gemini CLI PR (run-gemini-cli's gemini-cli[bot] commits, opened with the workflow's token) is agent-authored", async () => {
    // google-github-actions/run-gemini-cli examples/workflows/gemini-cli/gemini-cli.yml @478fe07 (Apache-2.0).
    const GEMINI = { name: "gemini-cli[bot]", email: "gemini-cli[bot]@users.noreply.github.com", login: "gemini-cli" };
    const { run } = await runFor({
      number: 2,
      headSha: HEAD,
      headRef: "gemini-issue-12",
      author: { login: "github-actions", type: "Bot" },
      body: "Fixes #12",
      files: [{ path: "terraform/rds.tf" }],
      commits: [{ oid: HEAD, message: "Enlarge the orders database", author: GEMINI }],
      reviews: [approval(11, "alice")],
    });
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain(markdownText("author gemini-cli <gemini-cli[bot]@users.noreply.github.com> is an agent"));
  });

  it("claude-code-action's tracking comment ('Claude finished @bob's task') names the requester after bob's own comment is gone", async () => {
    const { run } = await runFor(
      claudePull({
        reviews: [approval(11, "alice"), approval(12, "bob")],
        timeline: [{ type: "IssueComment", at: "2026-11-19T09:01:00Z", author: "claude", body: "**Claude finished @bob's task in 1m 52s** —— [View job](https://github.com/acme/platform/actions/runs/1)\n\n---\nOpened port 22." }],
      }),
    );
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count: asked the agent for this change (a comment by agent claude");
  });

  it("the OpenHands resolver: whoever applied 'fix-me' to the issue, or wrote '@openhands-agent', asked for the change", async () => {
    const OPENHANDS = { name: "openhands", email: "openhands@all-hands.dev", login: null };
    const { run } = await runFor({
      number: 2,
      headSha: HEAD,
      headRef: "openhands-fix-issue-12",
      author: { login: "openhands-agent", type: "User" },
      body: "This pull request fixes #12.",
      files: [{ path: "infra/main.tf" }],
      commits: [{ oid: HEAD, message: "Fix issue #12", author: OPENHANDS }],
      reviews: [approval(11, "alice"), approval(12, "bob"), approval(13, "carol")],
      timeline: [{ type: "IssueComment", at: "2026-11-19T09:00:00Z", author: "carol", body: "@openhands-agent please also tag the bucket" }],
      closingIssues: [{ number: 12, timeline: [{ type: "LabeledEvent", at: "2026-11-19T08:00:00Z", actor: "bob", label: "fix-me" }] }],
    });
    expect(run?.conclusion).toBe("failure");
    const summary = run?.output.summary ?? "";
    expect(summary).toContain('bob (review 12) does not count: asked the agent for this change (applied the agent label "fix-me"');
    expect(summary).toContain("carol (review 13) does not count: asked the agent for this change (mentioned agent @openhands-agent");
  });
});

describe("an issue unlinked after the agent was asked on it still names who asked (earlier bodies, manual links)", () => {
  const Q = { name: "amazon-q-developer[bot]", email: "208079219+amazon-q-developer[bot]@users.noreply.github.com", login: "amazon-q-developer" };
  /** The issue the PR no longer links, as GitHub answers `issueOrPullRequest`: bob applied the Amazon Q label there. */
  async function runUnlinked(extra: Partial<PullInput>): Promise<{ run: CheckBody | undefined; asked: string[] }> {
    const { scope, rec } = github();
    graphqlReply(
      scope,
      rec,
      pullData({
        number: 2,
        headSha: HEAD,
        headRef: "amazon-q/issue-12",
        author: { login: "amazon-q-developer", type: "Bot" },
        body: "Raises the orders table's read capacity.",
        files: [{ path: "infra/lib/orders-stack.ts" }],
        commits: [{ oid: HEAD, message: "Raise read capacity", author: Q }],
        reviews: [approval(11, "alice"), approval(12, "bob")],
        closingIssues: [],
        ...extra,
      }),
    );
    const asked: string[] = [];
    scope
      .post("/graphql", (b: { query: string }) => b.query.includes("UnlinkedIssues") && (asked.push(...[...b.query.matchAll(/issueOrPullRequest\(number: (\d+)\)/g)].map((m) => m[1] ?? "")), true))
      .reply(200, {
        data: {
          repository: {
            i0: {
              __typename: "Issue",
              number: 12,
              id: "I_12",
              title: "Orders table throttles",
              body: "Reads are throttled at peak.",
              createdAt: "2026-11-19T07:00:00Z",
              lastEditedAt: null,
              author: { login: "dave" },
              timelineItems: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: "x" }, nodes: [{ __typename: "LabeledEvent", createdAt: "2026-11-19T08:00:00Z", actor: { login: "bob" }, label: { name: "Amazon Q development agent" } }] },
            },
          },
        },
      });
    noConfig(scope);
    createRun(scope, rec);
    await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    return { run: rec.checkRuns[0]?.body, asked };
  }

  it("an edit removed 'Closes #12' from the body: the issue is read from the earlier revision", async () => {
    const { run, asked } = await runUnlinked({ edits: [{ diff: "Raises the orders table's read capacity.\n\nCloses #12", editedAt: "2026-11-19T09:30:00Z" }] });
    expect(asked).toEqual(["12"]);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain('bob (review 12) does not count: asked the agent for this change (applied the agent label "Amazon Q development agent"');
  });

  it("a manual link to the issue was removed (DisconnectedEvent): the issue is read too", async () => {
    const { run, asked } = await runUnlinked({ timeline: [{ type: "ConnectedEvent", at: "2026-11-19T08:30:00Z", issue: 12 }, { type: "DisconnectedEvent", at: "2026-11-19T09:30:00Z", issue: 12 }] });
    expect(asked).toEqual(["12"]);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("bob (review 12) does not count");
  });

  it("an issue number that is a pull request is skipped; one that names no issue asks nothing", async () => {
    const { scope, rec } = github();
    graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD, body: "Fixes #7 and fixes #99", closingIssues: [], reviews: [approval(11, "alice"), approval(12, "bob")] }));
    scope.post("/graphql", (b: { query: string }) => b.query.includes("UnlinkedIssues")).reply(200, { data: { repository: { i0: { __typename: "PullRequest" }, i1: null } } });
    noConfig(scope);
    agentPushedHead(scope);
    createRun(scope, rec);
    await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
    expect(rec.checkRuns[0]?.body.conclusion).toBe("success");
  });
});
