/**
 * Whether text that cannot be parsed may still be an input, from the names each kind cannot do
 * without. Such a file is an input error when it may be one (fail closed), and no input at all
 * otherwise: a Helm template, a multi-document Kubernetes manifest, a CI pipeline. Case matters:
 * Kubernetes writes `resources:`, CloudFormation `Resources`. No imports: `scan` reads every file
 * through this, before it knows which rules it needs.
 */

/** A CloudFormation template or an IAM policy document. */
export const TEMPLATE_OR_POLICY_TEXT = /Resources|Statement|AWSTemplateFormatVersion/;

/** A Grafana, CloudWatch or Datadog dashboard, or a template holding one. */
export const DASHBOARD_TEXT = /"(panels|widgets|elements|schemaVersion|layout_type)"\s*:|^\s*(panels|widgets|elements|schemaVersion|layout_type)\s*:|AWS::CloudWatch::Dashboard/m;

/** `get-account-authorization-details` output. */
const AUTHORIZATION_DETAILS_TEXT = /(Role|User|Group)DetailList/;

export const mayBeInputText = (text: string): boolean => TEMPLATE_OR_POLICY_TEXT.test(text) || DASHBOARD_TEXT.test(text) || AUTHORIZATION_DETAILS_TEXT.test(text);
