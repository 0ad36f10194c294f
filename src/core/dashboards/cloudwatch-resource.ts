/**
 * Dashboards in a CloudFormation template: an AWS::CloudWatch::Dashboard's body, and a Datadog
 * dashboard's definition, are JSON strings, often an `Fn::Join` or `Fn::Sub` whose tokens the
 * template reader replaced with placeholder text.
 */
import type { Evidence, Finding, InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { normalizeCloudWatch } from "./cloudwatch.js";
import { normalizeDatadog } from "./datadog.js";
import type { NormalizedDashboard } from "./model.js";
import { evaluateDashboardText } from "./index.js";

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
  return evaluateTemplateDashboard(input, policy, {
    property: "DashboardBody",
    expected: 'a CloudWatch dashboard body (expected {"widgets": [...]})',
    normalize: (body) => (Array.isArray(body["widgets"]) ? normalizeCloudWatch(body, "") : undefined),
  });
}

/**
 * Datadog::Dashboards::Dashboard (Datadog's CloudFormation registry type): the dashboard is the
 * JSON string of its `DashboardDefinition`, as the Datadog API takes it.
 */
export function evaluateDatadogDashboardDefinition(input: { body: string; subject: string; evidence: Evidence }, policy: Policy): { findings: Finding[]; errors: InputError[] } {
  return evaluateTemplateDashboard(input, policy, {
    property: "DashboardDefinition",
    expected: 'a Datadog dashboard definition (expected {"layout_type": ..., "widgets": [...]})',
    normalize: (body) => (Array.isArray(body["widgets"]) && "layout_type" in body ? normalizeDatadog(body, "") : undefined),
  });
}

/** A dashboard held as JSON text in a template property: parsed, normalized by its kind, judged at the property. */
function evaluateTemplateDashboard(
  input: { body: string; subject: string; evidence: Evidence; dashboardName?: string },
  policy: Policy,
  kind: { property: string; expected: string; normalize: (body: Record<string, unknown>) => NormalizedDashboard | undefined },
): { findings: Finding[]; errors: InputError[] } {
  return evaluateDashboardText(
    {
      text: input.body,
      label: `${kind.property} of ${input.subject}`,
      evidence: input.evidence,
      expected: kind.expected,
      parse: parseBody,
      normalize: (body) => {
        const d = kind.normalize(body);
        if (d && input.dashboardName) d.title = input.dashboardName;
        return d;
      },
      subjectOf: () => (input.dashboardName ? `dashboard "${input.dashboardName}" (${input.subject})` : input.subject),
      panelNote: (panel) => `widget ${panel.path} in the dashboard ${kind.property === "DashboardBody" ? "body" : "definition"}`,
    },
    policy,
  );
}
