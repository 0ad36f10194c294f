// `cdk synth` entry point (cdk.json): fails while an agent role can destroy production.
import { buildApp } from "./service.mjs";

buildApp().synth();
