/**
 * GraphQL answers 200 with partial `data` and `errors` when part of a query is refused: an
 * installation that has not accepted `issues: read` gets `closingIssuesReferences: null` and a
 * FORBIDDEN error ("Resource not accessible by integration", GitHub's message for a permission an
 * app lacks). The data that did come must never be judged as if complete: the check fails with
 * GitHub's error. Payload: the real `pull_request.opened` of @octokit/webhooks-examples (MIT).
 */
import type { Probot } from "probot";
import { twoPersonReviewCheck } from "../../src/github/checks/two-person-review.js";
import { examplePayload, pullData, RATE_HEADERS, testProbot } from "./helpers.js";
import { createRun, github, githubOnlyThroughNock } from "./wire.js";

githubOnlyThroughNock();

let probot: Probot;
beforeEach(async () => {
  probot = await testProbot({ checks: [twoPersonReviewCheck], retryDelaysMs: [] });
});

it("partial data with a FORBIDDEN error fails the check with GitHub's error, even when what came would pass", async () => {
  // Decided before running: the part that came is a human's docs-only PR (a pass on its own); the
  // refused part (the issues it closes: who asked an agent) is unknown, so the run must FAIL.
  const { scope, rec } = github();
  const data = pullData({
    number: 2,
    headSha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
    author: { login: "Codertocat", type: "User" },
    body: "Update the readme",
    files: [{ path: "README.md" }],
    commits: [{ oid: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", message: "Update README.md", author: { name: "Codertocat", email: "21031067+Codertocat@users.noreply.github.com", login: "Codertocat" } }],
  }) as { repository: { pullRequest: Record<string, unknown> } };
  data.repository.pullRequest["closingIssuesReferences"] = null;
  scope.post("/graphql").reply(
    200,
    { data, errors: [{ type: "FORBIDDEN", path: ["repository", "pullRequest", "closingIssuesReferences"], extensions: { saml_failure: false }, locations: [{ line: 14, column: 7 }], message: "Resource not accessible by integration" }] },
    RATE_HEADERS("graphql", 4990),
  );
  createRun(scope, rec);
  await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
  expect(rec.checkRuns[0]?.body.conclusion).toBe("failure");
  expect(rec.checkRuns[0]?.body.output.summary).toContain("Resource not accessible by integration");
});
