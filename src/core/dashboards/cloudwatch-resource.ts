/**
 * AWS::CloudWatch::Dashboard in a CloudFormation template: the body is a JSON string, often an
 * `Fn::Join` whose tokens the template reader replaced with placeholder text.
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { normalizeCloudWatch } from "./cloudwatch.js";
import { evaluateNormalized } from "./index.js";
import { isRecord } from "./model.js";

export function evaluateCloudWatchDashboardBody(
  input: { body: string; subject: string; evidence: Evidence; dashboardName?: string },
  policy: Policy,
): { findings: Finding[]; errors: InputError[] } {
  const file = input.evidence.file ?? input.subject;
  const at = (message: string): InputError => ({ file, ...(input.evidence.line !== undefined ? { line: input.evidence.line } : {}), message });
  let body: unknown;
  try {
    body = JSON.parse(input.body);
  } catch (e) {
    return { findings: [], errors: [at(`DashboardBody of ${input.subject} is not valid JSON: ${(e as Error).message}`)] };
  }
  if (!isRecord(body) || !Array.isArray(body["widgets"])) {
    return { findings: [], errors: [at(`DashboardBody of ${input.subject} is not a CloudWatch dashboard body (expected {"widgets": [...]})`)] };
  }
  const d = normalizeCloudWatch(body, "");
  if (input.dashboardName) d.title = input.dashboardName;
  const subject = input.dashboardName ? `dashboard "${input.dashboardName}" (${input.subject})` : input.subject;
  return evaluateNormalized(
    d,
    {
      file,
      subject,
      lineOf: () => input.evidence.line,
      evidenceFor: (panel) => ({ ...input.evidence, note: `widget ${panel.path} in the dashboard body` }),
    },
    policy,
  );
}
