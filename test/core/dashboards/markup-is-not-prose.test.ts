/**
 * HTML in a text panel, a workbook's markdown or a description is drawn, not read: its tags and
 * attributes (`style="cursor: auto; width: 80%"`, `target="_blank"`, `class="ext-usage-param"`)
 * and the contents of `<style>` and `<script>` are no words a reader sees. Read as prose they
 * named Cursor (a CSS cursor), a measure of use (a class name) and a usage target (a link's
 * target and a width).
 */
import { shownText } from "../../../src/core/dashboards/markup.js";
import { unreadAdoptionDashboard } from "../../../src/core/dashboards/index.js";
import { defaultPolicy, evaluateValue, readFixture } from "./helpers.js";

const unread = (value: unknown): string | undefined => unreadAdoptionDashboard(value, defaultPolicy);

/** A Copilot adoption dashboard (no target of its own) with one text panel in HTML mode. */
const copilotWithText = (content: string): Record<string, unknown> => ({
  title: "GitHub Copilot adoption",
  uid: "copilot-html",
  schemaVersion: 39,
  panels: [
    { id: 1, type: "stat", title: "Active users", targets: [{ refId: "A", expr: "sum(copilot_active_users)" }] },
    { id: 2, type: "text", title: "About", options: { mode: "html", content } },
  ],
});

describe("markup is not prose", () => {
  // Microsoft's IoT Edge health snapshot workbook (microsoft/Application-Insights-Workbooks @ 1ea1c77b,
  // MIT): device messages, queue length, disk, CPU and memory; its markdown steps lay out parameters
  // in HTML whose CSS says `cursor: auto` and whose class is `ext-usage-param`. Before: "looks like a
  // dashboard of Cursor use (usage)", an input error that scanning that repository would exit 2 on.
  it("an Azure workbook whose HTML says cursor: auto and ext-usage-param: no input", () => {
    expect(unread(readFixture("real/azure-workbooks-iot-edge-health-snapshot.workbook").value)).toBeUndefined();
  });

  it("a workbook that names Cursor and its use in the text it shows is still an input error", () => {
    const workbook = {
      version: "Notebook/1.0",
      items: [
        { type: 1, content: { json: '<div style="cursor: auto"><h2>Cursor adoption</h2> weekly active users</div>' } },
        { type: 3, content: { title: "Active users", query: "CursorUsage | summarize dcount(user)" } },
      ],
    };
    expect(unread(workbook)).toMatch(/^looks like a dashboard of Cursor use/);
  });

  // Grafana renders a text panel's HTML: a link that opens in a new tab (`target="_blank"`) in a box
  // 80% wide states no target. Before: error, "its text states a target"; the dashboard sets none.
  it("a text panel's link target and width are no usage target: warning", () => {
    const content = '<div style="width: 80%">Read the <a href="https://docs.github.com/en/copilot" target="_blank">Copilot usage guide</a>.</div>';
    const { findings, errors } = evaluateValue(copilotWithText(content));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("a target the text panel shows still counts: error", () => {
    const content = '<div style="width: 100%"><b>Goal:</b> <span class="kpi">80% weekly Copilot usage target</span></div>';
    const { findings, errors } = evaluateValue(copilotWithText(content));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]?.evidence.at(-1)?.note).toMatch(/its text states a target: "About Goal: 80% weekly Copilot usage target"/);
  });

  it("style and script contents, comments and attributes are dropped; text and comparisons stay", () => {
    expect(shownText('<style>.x { cursor: pointer }</style><p class="usage">Sessions</p>')).toBe("  Sessions ");
    expect(shownText("<script>var target = 80;</script>Active users<!-- goal: 80 -->")).toBe(" Active users ");
    expect(shownText("latency < 200 and x<5 or y > 3")).toBe("latency < 200 and x<5 or y > 3");
    expect(shownText('<a title=\'Copilot docs\' href="x">link</a>')).toBe(" link ");
    // One left open hides the rest, as in a browser; a tag that is never closed is text.
    expect(shownText("before<STYLE type=text/css>cursor: auto")).toBe("before ");
    expect(shownText("<styles>usage</styles>")).toBe(" usage ");
    expect(shownText("a <b")).toBe("a <b");
  });

  it("a long text of unclosed style elements is read in linear time", () => {
    const text = '<a "x'.repeat(100_000) + "<a x".repeat(100_000) + "<style x".repeat(100_000);
    const started = Date.now();
    shownText(text);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
