/**
 * completeFacts (src/github/evaluate.ts): the facts that depend on the base branch's policy.
 * Approver teams are asked for the humans who approved, once each; the base branch's project
 * roots are asked for every folder a changed file was in, before and after a rename.
 */
import nock from "nock";
import { completeFacts } from "../../src/github/evaluate.js";
import { fetchPull } from "../../src/github/pull.js";
import { parseUserConfig, resolvePolicy } from "../../src/policy/load.js";
import { pullData } from "./helpers.js";
import { githubOnlyThroughNock, octokitApi } from "./wire.js";

const API = "https://api.github.com";
const HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
const api = octokitApi;
const at = "2026-11-20T10:00:00Z";

githubOnlyThroughNock();

describe("completeFacts", () => {
  it("asks approver teams for the humans who approved, once each: not for commenters, bots or repeats", async () => {
    const data = pullData({
      number: 5,
      headSha: HEAD,
      files: [{ path: "infra/x.ts" }],
      reviews: [
        { id: 1, login: "alice", state: "APPROVED", commit: HEAD, at },
        { id: 2, login: "bob", state: "COMMENTED", commit: HEAD, at },
        { id: 3, login: "deploy-bot", type: "Bot", state: "APPROVED", commit: HEAD, at },
        { id: 4, login: "alice", state: "APPROVED", commit: HEAD, at },
        { id: 5, login: "carol", state: "APPROVED", commit: HEAD, at },
      ],
    });
    const asked: string[][] = [];
    nock(API)
      .post("/graphql")
      .reply(200, { data })
      .post("/graphql", (b: { query: string }) => {
        if (!b.query.includes("ApproverTeams")) return false;
        asked.push([...b.query.matchAll(/userLogins: \["([^"]+)"\]/g)].map((m) => m[1] as string));
        return true;
      })
      .reply(200, { data: { organization: { u0: { totalCount: 1, nodes: [{ slug: "platform-leads" }] }, u1: { totalCount: 0, nodes: [] } } } });
    const fetched = await fetchPull(api(), "acme", "platform", 5);
    await completeFacts(api(), "acme", "platform", fetched, resolvePolicy(parseUserConfig("x.yml", "review:\n  approverTeams: [platform-leads]\n")));
    expect(asked).toEqual([["alice", "carol"]]);
    expect(fetched.facts.teams).toEqual({ alice: ["platform-leads"], carol: [] });
  });

  it("without approver teams configured, asks nothing about teams", async () => {
    nock(API).post("/graphql").reply(200, { data: pullData({ number: 5, headSha: HEAD, files: [{ path: "infra/x.ts" }], reviews: [{ id: 1, login: "alice", state: "APPROVED", commit: HEAD, at }] }) });
    const fetched = await fetchPull(api(), "acme", "platform", 5);
    await completeFacts(api(), "acme", "platform", fetched, resolvePolicy());
    expect(fetched.facts.teams).toBeUndefined();
  });

  it("an agent PR outside the infrastructure globs asks the base branch for project files in every folder, a renamed file's old one included", async () => {
    nock(API)
      .post("/graphql")
      .reply(200, { data: pullData({ number: 5, headSha: HEAD, baseSha: "b".repeat(40), files: [{ path: "services/orders/app.ts" }] }) });
    const fetched = await fetchPull(api(), "acme", "platform", 5);
    // A rename, as the REST file list records it.
    fetched.facts.files = [{ path: "services/orders/app.ts", previousPath: "legacy/orders/app.ts" }];
    const expressions: string[] = [];
    nock(API)
      .post("/graphql", (b: { query: string }) => {
        if (!b.query.includes("BaseProjects")) return false;
        expressions.push(...[...b.query.matchAll(/d\d+: object\(expression: "[0-9a-f]{40}:([^"]*)"\)/g)].map((m) => m[1] as string));
        return true;
      })
      .reply(200, (_uri: string, body: { query: string }) => ({ data: { repository: Object.fromEntries([...body.query.matchAll(/(\w+): object\(/g)].map((m) => [m[1], null])) } }));
    await completeFacts(api(), "acme", "platform", fetched, resolvePolicy());
    expect(expressions.sort()).toEqual(["", "legacy", "legacy/orders", "services", "services/orders"]);
    expect(fetched.facts.infraRoots).toEqual([]);
  });
});
