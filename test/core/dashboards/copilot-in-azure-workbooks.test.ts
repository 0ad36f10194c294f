/**
 * Azure workbooks offer "Ask Copilot" buttons: a grid formatter's link of `linkTarget: "CopilotNudge"`
 * (with `copilotNudgeActionSettings`) opens Copilot in Azure with a prompt about the row. Microsoft's
 * Communication Services "Voice and Video" workbook (microsoft/Application-Insights-Workbooks @
 * 1ea1c77b, `Workbooks/Communication Services/Voice_Video_2024/Voice_Video_2024.workbook`, MIT; too
 * large to copy, so written here in its shape) says "Ask Copilot for help by selecting UFD in the
 * table below" over call sessions: before, "looks like a dashboard of GitHub Copilot use (token,
 * usage, session)", an input error. Copilot in Azure is a namesake, and a format not read is judged
 * as one whole: a namesake anywhere in it (a link action, a metric) shadows the shared name.
 */
import { unreadAdoptionDashboard } from "../../../src/core/dashboards/index.js";
import { defaultPolicy } from "./helpers.js";

const unread = (value: unknown): string | undefined => unreadAdoptionDashboard(value, defaultPolicy);

/** A calls workbook with an "Ask Copilot" column, as Microsoft's Voice and Video workbook has. */
function callsWorkbook(heading: string): Record<string, unknown> {
  return {
    version: "Notebook/1.0",
    items: [
      { type: 1, content: { json: `## ${heading}\nAsk Copilot for help by selecting UFD in the table below` }, name: "text - 0" },
      {
        type: 3,
        content: {
          version: "KqlItem/1.0",
          title: "Call sessions by result",
          query: 'ACSCallSummary | summarize sessions = dcount(CorrelationId), usage = count() by ResultCategory | extend Copilot = "Ask Copilot for help"',
          gridSettings: {
            formatters: [{ columnMatch: "Copilot", formatter: 7, formatOptions: { linkTarget: "CopilotNudge", copilotNudgeActionSettings: { nudgeContent: '["Copilot_prompt"]' } } }],
          },
        },
        name: "call type copilot button",
      },
    ],
  };
}

describe("Copilot in Azure in a workbook", () => {
  it("a calls workbook whose Ask Copilot buttons open Copilot in Azure: no input", () => {
    expect(unread(callsWorkbook("Voice and video calls"))).toBeUndefined();
  });

  it("one that names GitHub Copilot itself is still an input error", () => {
    expect(unread(callsWorkbook("GitHub Copilot adoption"))).toMatch(/^looks like a dashboard of GitHub Copilot use/);
  });

  it("without the Copilot in Azure link, the shared name is read as GitHub Copilot (fail closed)", () => {
    const workbook = callsWorkbook("Voice and video calls");
    const items = workbook["items"] as { content: Record<string, unknown> }[];
    delete items[1]!.content["gridSettings"];
    expect(unread(workbook)).toMatch(/^looks like a dashboard of GitHub Copilot use/);
  });
});
