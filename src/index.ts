/**
 * agent-guardrail as a library: the pure evaluators, the policy loader and the reports.
 * The CDK Aspect lives in `agent-guardrail/cdk`; the GitHub App in `npm start`.
 */
export * from "./core/finding.js";
export type * from "./core/policy.js";
export type * from "./core/iam/model.js";
export { evaluateIam } from "./core/iam/evaluate.js";
export { readAuthorizationDetails, isAuthorizationDetails } from "./core/iam/authorization-details.js";
export { readPolicyDocumentFile, isPolicyDocument } from "./core/iam/policy-file.js";
export { evaluateTemplates } from "./core/cfn/evaluate.js";
export { readTemplate, isCloudFormationTemplate, type TemplateInput } from "./core/cfn/template.js";
export { readAssemblyManifest, type AssemblyStack } from "./core/cfn/assembly.js";
export { evaluateDashboardFile, isDashboard } from "./core/dashboards/index.js";
export { applySuppressions } from "./core/suppress.js";
export { isProductionResource, isProductionStack } from "./core/production.js";
export { parseSource, SourceParseError } from "./core/source/parse.js";
export { loadPolicy, resolvePolicy, parseUserConfig, ConfigError } from "./policy/load.js";
export { loadCatalogue } from "./policy/catalogue.js";
export { render, exitCode, type Report, type Format, type FailOn } from "./report/index.js";
export { runScan } from "./cli/scan-run.js";
