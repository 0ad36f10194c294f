/** The output formats and --fail-on levels: what the command line offers before anything is rendered. */
import type { Severity } from "../core/finding.js";

export type Format = "text" | "json" | "sarif";
export const FORMATS: readonly Format[] = ["text", "json", "sarif"];

export type FailOn = Severity | "never";
export const FAIL_ON: readonly FailOn[] = ["error", "warning", "never"];
