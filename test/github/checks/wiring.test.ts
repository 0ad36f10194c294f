/**
 * The checks as the App runs them (`PullCheck.run` with a PullCheckContext): head content at the
 * head SHA, base content at the merge base (not the base commit GitHub recorded when the PR was
 * opened), the catalogue the App loads, links at the head.
 */
import { readFileSync } from "node:fs";
import { adoptionDashboardsCheck } from "../../../src/github/checks/adoption-dashboards.js";
import { agentPermissionsCheck } from "../../../src/github/checks/agent-permissions.js";
import type { ChangedFile, GitHubApi, PullCheckContext } from "../../../src/github/checks/types.js";
import type { PullFacts } from "../../../src/core/review/facts.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { agentRoleTemplate, ALL_DYNAMODB, READ_ORDERS } from "../helpers.js";

const HEAD = "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e";
const BASE = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
/** baseRefOid: the base's tip when the PR was opened; nothing is read there. */
const RECORDED = "5e6f708192a3b4c5d6e7f8091a2b3c4d1a2b3c4d";
const facts = JSON.parse(readFileSync(new URL("../../../examples/pull-requests/copilot-infra-one-approval.json", import.meta.url), "utf8")) as PullFacts;

function context(files: ChangedFile[], content: Record<string, Record<string, string>>): PullCheckContext & { reads: string[] } {
  const reads: string[] = [];
  return {
    owner: "acme",
    repo: "platform",
    htmlUrl: "https://github.com/acme/platform",
    pull: { number: 318, headSha: HEAD, headRef: "copilot/recreate-orders-table", baseSha: RECORDED, baseRef: "main" },
    mergeBase: () => Promise.resolve(BASE),
    policy: resolvePolicy(),
    facts,
    files,
    filesComplete: true,
    readFile: (ref, path) => {
      reads.push(`${ref.slice(0, 7)}:${path}`);
      return Promise.resolve(content[ref]?.[path]);
    },
    github: {} as GitHubApi,
    reads,
  };
}

test("agent permissions: the head read at the head SHA, the base at the merge base; only what the PR adds fails", async () => {
  const path = "infra/orders.template.json";
  const ctx = context([{ path, status: "modified" }], { [HEAD]: { [path]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]) }, [BASE]: { [path]: agentRoleTemplate([READ_ORDERS]) } });
  const out = await agentPermissionsCheck.run(ctx);
  expect(ctx.reads.sort()).toEqual([`1a2b3c4:${path}`, `9f2c1e7:${path}`]);
  expect(out.conclusion).toBe("failure");
  expect(out.summary).toContain(`](https://github.com/acme/platform/blob/${HEAD}/infra/orders.template.json#L`);
  // The same wide policy already on the base: nothing new.
  const unchanged = context([{ path, status: "modified" }], { [HEAD]: { [path]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]) }, [BASE]: { [path]: agentRoleTemplate([READ_ORDERS, ALL_DYNAMODB]) } });
  expect((await agentPermissionsCheck.run(unchanged)).conclusion).toBe("success");
});

test("adoption dashboards: a template's CloudWatch dashboard read at the head and judged with the App's catalogue", async () => {
  const body = JSON.stringify({
    widgets: [{ type: "metric", x: 0, y: 0, width: 12, height: 6, properties: { title: "Amazon Q Developer weekly active users (target 80%)", metrics: [["DevTools/QDeveloper", "WeeklyActiveUsers"]], region: "us-east-1", annotations: { horizontal: [{ label: "Adoption target", value: 80 }] } } }],
  });
  const template = JSON.stringify({ AWSTemplateFormatVersion: "2010-09-09", Resources: { Adoption: { Type: "AWS::CloudWatch::Dashboard", Properties: { DashboardName: "q-adoption", DashboardBody: body } } } }, null, 2);
  const path = "infra/metrics.template.json";
  const ctx = context([{ path, status: "added" }], { [HEAD]: { [path]: template } });
  const out = await adoptionDashboardsCheck.run(ctx);
  expect(ctx.reads).toEqual([`9f2c1e7:${path}`]);
  expect(out.conclusion).toBe("failure");
  expect(out.annotations.map((a) => [a.path, a.title])).toEqual([[path, "adoption-dashboard-no-incidents"]]);
  expect(out.summary).toContain(`](https://github.com/acme/platform/blob/${HEAD}/infra/metrics.template.json#L`);
});
