import { setup as tmpdir } from "./tmpdir.js";

export default function setup() {
  tmpdir();
  // aws-cdk-lib's built-in CloudFormation validation (@aws/cloudformation-validate, a WASM engine)
  // runs on every synth unless CDK_VALIDATION is "false". Its engine starts once per module
  // registry, and Jest gives each test file its own: about 3 s of CPU in every test file that
  // synthesizes an app, most of the suite's CDK cost. By default it only reports warnings (it
  // never changes a template), and no in-process test reads its report. The processes that run
  // the real `cdk synth` or the deploy app (test/cdk/*.e2e.test.ts, test/deploy/app.e2e.test.ts)
  // are given an environment with it on, as a user has it: a bare `cdk synth` of a CDK Pipelines
  // app reports a stage's errors through that validation's report only.
  // Workers and the processes tests start inherit this; a value set by hand is kept.
  process.env.CDK_VALIDATION ??= "false";
}
