/**
 * Whether text that cannot be parsed may still be an input, from the names each kind cannot do
 * without. Such a file is an input error when it may be one (fail closed), and no input at all
 * otherwise: a Helm template, a multi-document Kubernetes manifest, a CI pipeline. Case matters:
 * Kubernetes writes `resources:`, CloudFormation `Resources`. No imports: `scan` reads every file
 * through this, before it knows which rules it needs.
 *
 * The names are looked for in the text with its escapes decoded: a quoted key may spell
 * `Resources` as `"\x52esources"` (YAML) or `"\u0052esources"` (JSON), or break it across lines
 * with `\`, and a file that one parser refuses and CloudFormation's accepts must not pass unseen.
 */

// Whole names, as the keys are written: "PolicyStatement" in a Go template of security events
// (elastic-package's benchmark templates) or "ClusterResources" is neither key.
const TEMPLATE_OR_POLICY_NAMES = /(?<![A-Za-z0-9_])(?:Resources|Statement|AWSTemplateFormatVersion)(?![A-Za-z0-9_])/;
/** CloudFormation resource types that hold a dashboard (read by src/core/cfn/evaluate.ts). */
export const TEMPLATE_DASHBOARD_TYPES = ["AWS::CloudWatch::Dashboard", "Datadog::Dashboards::Dashboard"] as const;
// Cloud Monitoring's mosaic layout names no `widgets`: each of its tiles holds one `widget`.
const DASHBOARD_KEYS = "panels|widgets|elements|schemaVersion|layout_type|mosaicLayout|gridLayout|rowLayout|columnLayout";
const DASHBOARD_NAMES = new RegExp(`"(${DASHBOARD_KEYS})"\\s*:|^\\s*(${DASHBOARD_KEYS})\\s*:|${TEMPLATE_DASHBOARD_TYPES.join("|")}`, "m");
const AUTHORIZATION_DETAILS_NAMES = /(Role|User|Group)DetailList/;
// `terraform show -json` and a state file name their versions as keys; a plan that attaches a
// managed policy by ARN quotes no `Statement`, and one that does not parse (the setup-terraform
// wrapper's `[command]` line written into it, a file cut short) must not pass as no input.
const TERRAFORM_JSON_NAMES = /"(format_version|terraform_version)"\s*:/;

/** The text with YAML's and JSON's escapes decoded and escaped line breaks joined. */
function unescaped(text: string): string {
  if (!text.includes("\\")) return text;
  return text
    .replace(/\\\r?\n[ \t]*/g, "")
    .replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (escape, x?: string, u?: string, big?: string) => {
      const code = Number.parseInt(x ?? u ?? big ?? "", 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
    });
}

/** A CloudFormation template or an IAM policy document. */
export const mayBeTemplateOrPolicy = (text: string): boolean => TEMPLATE_OR_POLICY_NAMES.test(unescaped(text));

/** A Grafana, CloudWatch, Datadog, SigNoz, Perses, New Relic or Cloud Monitoring dashboard, or a template holding one. */
export const mayBeDashboard = (text: string): boolean => DASHBOARD_NAMES.test(unescaped(text));

/** Any input `scan` reads, `get-account-authorization-details` output and Terraform's JSON included. */
export function mayBeInputText(text: string): boolean {
  const plain = unescaped(text);
  return TEMPLATE_OR_POLICY_NAMES.test(plain) || DASHBOARD_NAMES.test(plain) || AUTHORIZATION_DETAILS_NAMES.test(plain) || TERRAFORM_JSON_NAMES.test(plain);
}

/** Terraform resources that hold a dashboard (read by src/core/dashboards/terraform.ts). */
export const TERRAFORM_DASHBOARD_TYPES = [
  "aws_cloudwatch_dashboard",
  "grafana_dashboard",
  "datadog_dashboard_json",
  "datadog_dashboard_v2",
  "datadog_dashboard",
  "newrelic_one_dashboard_json",
  "newrelic_one_dashboard",
  "google_monitoring_dashboard",
] as const;
/**
 * The Grafana provider's app-platform dashboards, one resource per API version
 * (`grafana_apps_dashboard_dashboard_v1beta1`, `_v2`; `grafana_dashboard_dashboard_v0alpha1` before them).
 */
const GRAFANA_APPS_DASHBOARD = "grafana_(?:apps_)?dashboard_dashboard_v\\w+";
export const GRAFANA_APPS_DASHBOARD_TYPE = new RegExp(`^${GRAFANA_APPS_DASHBOARD}$`);
/**
 * Other providers' dashboards and workbooks (`azurerm_application_insights_workbook`,
 * `azurerm_portal_dashboard`, `dynatrace_json_dashboard`, `aws_quicksight_dashboard`), and boards
 * where a provider calls its dashboards so (Honeycomb's `honeycombio_board` and
 * `honeycombio_flexible_board`): not read, so an adoption dashboard among them fails closed, as the
 * same dashboard's JSON file does. A resource that only refers to a dashboard (its permissions, a
 * list of dashboards, a board's saved view of filters) is none, nor is Azure Managed Grafana's
 * instance (`azurerm_dashboard_grafana`), which holds no dashboard.
 */
export const UNREAD_TERRAFORM_DASHBOARD_TYPE = /^(?![a-z0-9_]*_(permissions?|public|list|folder|items?|share|sharing|views?)$)(?!azurerm_dashboard_grafana)[a-z0-9]+_(?:[a-z0-9_]*(?:dashboard|workbook)[a-z0-9_]*|(?:[a-z0-9]+_)*board(?:_[a-z0-9_]+)?)$/;
// A block label may be quoted or bare (`resource aws_cloudwatch_dashboard main {`).
const TERRAFORM_DASHBOARD = new RegExp(`\\bresource\\s+"?(${[...TERRAFORM_DASHBOARD_TYPES, GRAFANA_APPS_DASHBOARD].join("|")})\\b`);
// "board" names the dashboards and the boards.
const TERRAFORM_UNREAD_DASHBOARD = /\bresource\s+"?([a-z0-9_]*(?:board|workbook)[a-z0-9_]*)\b/g;

/** Whether a Terraform file may declare a dashboard (one read, or one of another provider's): no other `.tf` file is parsed. */
export const mayHoldTerraformDashboard = (text: string): boolean =>
  TERRAFORM_DASHBOARD.test(text) || [...text.matchAll(TERRAFORM_UNREAD_DASHBOARD)].some((m) => UNREAD_TERRAFORM_DASHBOARD_TYPE.test(m[1] ?? ""));

/** Whether a Terraform file declares a dashboard agent-guardrail reads (not only other providers'). */
export const mayHoldReadTerraformDashboard = (text: string): boolean => TERRAFORM_DASHBOARD.test(text);
