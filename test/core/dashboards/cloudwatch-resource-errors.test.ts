/**
 * A DashboardBody that is not JSON is an input error with file and line, never a dashboard that
 * passes; when a bare parameter placeholder was rewritten and the body still does not parse, the
 * error names what was wrong with the body as written, not with the rewrite.
 */
import { evaluateCloudWatchDashboardBody } from "../../../src/core/dashboards/cloudwatch-resource.js";
import { defaultPolicy } from "./helpers.js";

const evaluate = (body: string) => evaluateCloudWatchDashboardBody({ body, subject: "DevMetrics/KiroAdoption", evidence: { file: "dev.template.json", line: 12 } }, defaultPolicy);

describe("CloudWatch dashboard bodies that do not parse", () => {
  it("a bare placeholder is read as a value, but a trailing comma elsewhere still fails: the original body's error", () => {
    // `${Period}` substituted outside quotes reaches the reader as a bare `*`; the trailing comma is a real mistake.
    const { findings, errors } = evaluate('{"widgets":[{"type":"metric","properties":{"period":*}}],}');
    expect(findings).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "dev.template.json", line: 12 });
    expect(errors[0]?.message).toMatch(/^DashboardBody of DevMetrics\/KiroAdoption is not valid JSON: /);
    // The message is about the `*` as written (the rewrite would have complained about the comma instead).
    expect(errors[0]?.message).toContain("'*'");
  });

  it("the same body without the trailing comma parses: the placeholder alone is not a JSON error", () => {
    const { errors } = evaluate('{"widgets":[{"type":"metric","properties":{"period":*}}]}');
    expect(errors.filter((e) => e.message.includes("not valid JSON"))).toEqual([]);
  });
});

describe("CloudWatch dashboard bodies without widgets", () => {
  const empty = (subject: string, dashboardName?: string) =>
    evaluateCloudWatchDashboardBody({ body: '{"widgets": []}', subject, evidence: { file: "copilot dashboard stack.template.json", line: 7 }, ...(dashboardName ? { dashboardName } : {}) }, defaultPolicy);

  it("are an input error naming the dashboard, by its DashboardName when it has one", () => {
    expect(empty("stack copilot dashboard stack/Board", "copilot-adoption")).toEqual({
      findings: [],
      errors: [{ file: "copilot dashboard stack.template.json", line: 7, message: 'cloudwatch dashboard "copilot-adoption" (stack copilot dashboard stack/Board) has no panels: nothing to evaluate' }],
    });
  });

  it("without a DashboardName the error names the stack and resource as written, even when the stack's name says 'dashboard'", () => {
    // The subject the template reader builds for "copilot dashboard stack.template.json" and resource Board.
    expect(empty("stack copilot dashboard stack/Board").errors.map((e) => e.message)).toEqual(["cloudwatch dashboard stack copilot dashboard stack/Board has no panels: nothing to evaluate"]);
  });
});

describe("DashboardBody JSON that is no CloudWatch dashboard body", () => {
  it.each(['{"start": "-PT6H"}', "null", '[{"type": "metric"}]'])("%s is an input error naming what a body needs", (body) => {
    expect(evaluate(body)).toEqual({
      findings: [],
      errors: [{ file: "dev.template.json", line: 12, message: 'DashboardBody of DevMetrics/KiroAdoption is not a CloudWatch dashboard body (expected {"widgets": [...]})' }],
    });
  });
});

describe("a body whose resource has no known line", () => {
  it("gives errors with the file and no line", () => {
    const { errors } = evaluateCloudWatchDashboardBody({ body: "{", subject: "DevMetrics/KiroAdoption", evidence: { file: "dev.template.json" } }, defaultPolicy);
    expect(errors).toStrictEqual([{ file: "dev.template.json", message: expect.stringMatching(/^DashboardBody of DevMetrics\/KiroAdoption is not valid JSON: /) }]);
  });
});
