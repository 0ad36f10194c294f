/**
 * More products called Copilot or Duet AI that write no code: Salesforce's Einstein Copilot,
 * Microsoft's role copilots (Copilot for Sales, Service, Finance), Copilot in Azure, Dynamics 365
 * Copilot, Copilot in Windows, Copilot for Security; Google's Duet AI for Workspace (Docs, Gmail),
 * beside Duet AI for Developers, now Gemini Code Assist. Before, a sales team's Einstein Copilot
 * adoption dashboard was flagged as GitHub Copilot's. GitHub's and Google's coding tools named
 * beside them still count.
 */
import { evaluateValue } from "./helpers.js";

const board = (title: string, expr = "sum(weekly_active_users)") => ({
  uid: "ai-adoption",
  title,
  schemaVersion: 39,
  panels: [{ id: 1, type: "stat", title: "Weekly active users", gridPos: { h: 4, w: 6, x: 0, y: 0 }, targets: [{ refId: "A", datasource: { type: "prometheus", uid: "prom" }, expr }] }],
});
const tools = (value: unknown): string[] => {
  const { findings, errors } = evaluateValue(value);
  expect(errors).toEqual([]);
  return findings.map((f) => f.message.replace(/^Measures adoption of (.*?) \(.*$/, "$1"));
};

describe("products that share a coding tool's name", () => {
  it.each([
    "Einstein Copilot adoption",
    "Copilot for Sales adoption",
    "Copilot for Service rollout: usage",
    "Copilot in Azure usage",
    "Microsoft Copilot for Azure usage",
    "Dynamics 365 Copilot usage",
    "Copilot in Windows usage",
    "Copilot for Security adoption",
    "Duet AI for Workspace adoption",
    "Duet AI for Google Workspace usage",
  ])("%s: not a coding tool's adoption", (title) => {
    expect(tools(board(title))).toEqual([]);
  });

  it.each([
    ["GitHub Copilot adoption", "GitHub Copilot"],
    ["Copilot adoption", "GitHub Copilot"],
    ["Duet AI for Developers adoption", "Gemini Code Assist"],
    ["Duet AI adoption", "Gemini Code Assist"],
    ["Einstein Copilot and GitHub Copilot adoption", "GitHub Copilot"],
  ])("controls: %s is %s", (title, tool) => {
    expect(tools(board(title))).toEqual([tool]);
  });
});
