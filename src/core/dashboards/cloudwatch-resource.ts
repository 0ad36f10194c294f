/**
 * AWS::CloudWatch::Dashboard in a CloudFormation template: the body is a JSON string, often an
 * `Fn::Join` whose tokens the template reader replaced with placeholder text.
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { normalizeCloudWatch } from "./cloudwatch.js";
import { evaluateNormalized } from "./index.js";
import { isRecord } from "../is-record.js";

/**
 * A template parameter substituted outside quotes (`"value": ${Threshold}` in a `!Sub` body)
 * reaches us as a bare `*`, which is not JSON. Where such a placeholder stands for a whole value
 * it is read as the string "*" (a value nobody can know here); anything else that does not parse
 * stays an error.
 */
const BARE_PLACEHOLDER = /([:[,]\s*)\*(?=\s*[,\]}])/g;

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const quoted = text.replace(BARE_PLACEHOLDER, '$1"*"');
    if (quoted === text) throw e;
    try {
      return JSON.parse(quoted);
    } catch {
      throw e; // the original message: it names what was wrong with the body as written
    }
  }
}

export function evaluateCloudWatchDashboardBody(
  input: { body: string; subject: string; evidence: Evidence; dashboardName?: string },
  policy: Policy,
): { findings: Finding[]; errors: InputError[] } {
  const file = input.evidence.file ?? input.subject;
  const at = (message: string): InputError => ({ file, ...(input.evidence.line !== undefined ? { line: input.evidence.line } : {}), message });
  let body: unknown;
  try {
    body = parseBody(input.body);
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
