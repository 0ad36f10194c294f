/**
 * The default export of src/github/app.ts (what `probot run` loads): the app's id is APP_ID when
 * that is a number, and then only this app's check runs are read; otherwise no id is assumed.
 * Each case evaluates the module afresh (isolateModulesAsync) with its own APP_ID.
 */
import { jest } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { examplePayload, probotWith, pullData } from "./helpers.js";
import { createRun, github, graphqlReply, HEAD, noConfig } from "./wire.js";

type AppFn = (probot: Probot) => void;

/** The default export as evaluated with APP_ID set to `appId` (unset when undefined). */
async function defaultApp(appId: string | undefined): Promise<AppFn> {
  const saved = process.env["APP_ID"];
  if (appId === undefined) delete process.env["APP_ID"];
  else process.env["APP_ID"] = appId;
  try {
    let app: AppFn | undefined;
    await jest.isolateModulesAsync(async () => {
      app = (await import("../../src/github/app.js")).default;
    });
    if (!app) throw new Error("no default export");
    return app;
  } finally {
    if (saved === undefined) delete process.env["APP_ID"];
    else process.env["APP_ID"] = saved;
  }
}

/** Deliver pull_request.opened to the default app; the facts query's variables and the check-run listings it sent. */
async function deliver(appId: string | undefined): Promise<{ variables: Record<string, unknown> | undefined; listings: string[] }> {
  const probot = await probotWith(await defaultApp(appId));
  const { scope, rec } = github();
  graphqlReply(scope, rec, pullData({ number: 2, headSha: HEAD }));
  noConfig(scope);
  // One run per registered check (the default app posts all three).
  for (const id of [4242, 4243, 4244]) createRun(scope, rec, id);
  await probot.receive({ id: "d1", name: "pull_request", payload: examplePayload("pull_request", "opened", 1) } as never);
  return { variables: rec.graphql[0]?.variables, listings: rec.requests.filter((r) => /^GET \S+\/commits\/[0-9a-f]+\/check-runs/.test(r)) };
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe("the default export", () => {
  it("with a numeric APP_ID reads only this app's check runs", async () => {
    const { variables, listings } = await deliver("123");
    expect(variables).toEqual(expect.objectContaining({ appId: 123, withChecks: true }));
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) expect(listing).toContain("app_id=123");
  });

  it.each([
    ["a non-numeric APP_ID", "my-app"],
    ["an empty APP_ID", ""],
    ["no APP_ID", undefined],
  ])("with %s assumes no app id: it reads every app's check runs", async (_case, appId) => {
    const { variables, listings } = await deliver(appId);
    expect(variables).toEqual(expect.objectContaining({ appId: null, withChecks: false }));
    expect(listings.length).toBeGreaterThan(0);
    for (const listing of listings) expect(listing).not.toContain("app_id");
  });
});
