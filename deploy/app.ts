/**
 * `cdk deploy --app "node dist/deploy/app.js"`: `npm run build` bundles this file to
 * dist/deploy/app.js and the Lambda handler to dist/lambda/, beside it.
 */
import { App } from "aws-cdk-lib";
import { fileURLToPath } from "node:url";
import { buildApp } from "./stack.js";

buildApp(new App(), fileURLToPath(new URL("../lambda/", import.meta.url))).app.synth();
