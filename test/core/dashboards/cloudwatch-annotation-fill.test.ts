/**
 * CloudWatch horizontal annotations shade one side of their line (`fill: "above" | "below"`) and
 * can be switched off (`visible: false`). A red band below 80 on an adoption graph asks for more
 * use, as a green band above it does: a usage target. A green band below a line caps a measure
 * (spend under budget), and an annotation that is not visible is not drawn: neither is a target.
 * Before, the first went unseen (warning) and the other two made the finding an error. Bodies are
 * what the CloudWatch console's "View/edit source" shows.
 */
import { severitiesFlagging as severities } from "./helpers.js";

type Json = Record<string, unknown>;
const body = (annotation: Json): Json => ({
  widgets: [
    {
      type: "metric",
      x: 0,
      y: 0,
      width: 12,
      height: 6,
      properties: {
        title: "Amazon Q Developer daily active users",
        region: "us-east-1",
        view: "timeSeries",
        stacked: false,
        stat: "Sum",
        period: 86400,
        metrics: [["AWS/Q", "DailyActiveUserTrend", "Application", "QDeveloper"]],
        annotations: { horizontal: [annotation] },
      },
    },
  ],
});

describe("CloudWatch horizontal annotations on an adoption graph", () => {
  it.each([
    ["values below 80 shaded red", { value: 80, fill: "below", color: "#d62728" }],
    ["values above 80 shaded green", { value: 80, fill: "above", color: "#2ca02c" }],
    ["a green line at 80", { value: 80, color: "#2ca02c" }],
    ["a visible line labelled as the goal", { value: 80, label: "Adoption goal", visible: true }],
  ])("%s: a usage target (error)", (_what, annotation) => {
    expect(severities(body(annotation))).toEqual(["error"]);
  });

  it.each([
    ["values below 500 shaded green (a cap)", { value: 500, fill: "below", color: "#2ca02c" }],
    ["a hidden line labelled as the goal", { value: 80, label: "Adoption goal", color: "#2ca02c", visible: false }],
    ["a red line at 500, nothing shaded", { value: 500, color: "#d62728" }],
  ])("%s: no target (warning)", (_what, annotation) => {
    expect(severities(body(annotation))).toEqual(["warning"]);
  });
});
