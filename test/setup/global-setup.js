import { setup as tmpdir } from "./tmpdir.js";

export default function setup() {
  tmpdir();
  // aws-cdk-lib's built-in CloudFormation validation (@aws/cloudformation-validate, a WASM engine)
  // runs on every synth unless CDK_VALIDATION is "false". Its engine starts once per module
  // registry, and Jest gives each test file its own: about 3 s of CPU in every test file that
  // synthesizes an app, most of the suite's CDK cost. By default it only reports warnings (it
  // never changes a template or an outcome), and no test here checks CDK's own validation except
  // test/deploy/app.e2e.test.ts, whose process gets an environment of its own with it on.
  // Workers and the processes tests start inherit this; a value set by hand is kept.
  process.env.CDK_VALIDATION ??= "false";
}
