/**
 * Which threshold colours "turn a panel green" (a usage target): Grafana's named greens, and the
 * hex and rgb(a) values Grafana, CloudWatch and legacy singlestat panels store when green clearly
 * dominates (by more than 30 of 255 over red and over blue). Yellow, cyan and greys are not green.
 */
import { isGreen } from "../../../src/core/dashboards/classify.js";
import { evaluateValue } from "./helpers.js";

describe("isGreen", () => {
  it.each([
    "green",
    "semi-dark-green",
    "Dark-Green",
    "#73BF69", // Grafana's "green"
    "#56a64b", // Grafana's "semi-dark-green"
    "#2ca02c", // CloudWatch's Color.GREEN
    "#299c46", // Grafana singlestat's default "good" colour
    "#73BF69CC", // #rrggbbaa
    "rgba(50, 172, 45, 0.97)", // Grafana 5 singlestat's default "good" colour
    "rgb(115,191,105)",
    " #73BF69 ",
    " rgb(115, 191, 105)",
    "#506F50", // green 31 above red and blue
  ])("%j is green", (color) => {
    expect(isGreen(color)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "red",
    "transparent",
    "#F2495C", // Grafana's "red"
    "#FADE2A", // Grafana's "yellow": green below red
    "#00C0C0", // cyan: green no more than blue
    "#006F51", // green only 30 above blue
    "#506E20", // green only 30 above red
    "#7f7f7f",
    "rgba(237, 129, 40, 0.89)", // singlestat's default "warning" orange
    "rgba(0, 211, 255, 1)", // Grafana's default annotation colour
    "#73BF6", // not a colour: 5 digits
    "#73BF69C", // 7 digits
    "#73BF69CC0",
    "1px solid #73BF69", // CSS shorthands that contain a colour are not one
    "0 0 4px rgb(0, 200, 0)",
  ])("%j is not green", (color) => {
    expect(isGreen(color)).toBe(false);
  });
});

describe("legacy singlestat colours", () => {
  // Grafana 5's singlestat: thresholds "40,70" split the values into colors [below 40, 40 to 70, above 70].
  const singlestat = (colors: string[]) => ({
    uid: "copilot-wau",
    title: "Copilot adoption",
    schemaVersion: 16,
    panels: [{ id: 1, type: "singlestat", title: "Copilot weekly active users (%)", format: "percent", thresholds: "40,70", colorBackground: true, colors, targets: [{ refId: "A", expr: "100 * sum(copilot_weekly_active_users) / sum(copilot_seats_total)" }] }],
  });

  it("a threshold whose colour is an rgba green sets a usage target (an error)", () => {
    const { findings, errors } = evaluateValue(singlestat(["rgba(245, 54, 54, 0.9)", "rgba(237, 129, 40, 0.89)", "rgba(50, 172, 45, 0.97)"]));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["error"]);
    expect(findings[0]!.message).toContain("threshold 70 turns it green");
  });

  it("green below the thresholds (the default, high is bad) sets none (a warning)", () => {
    const { findings, errors } = evaluateValue(singlestat(["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"]));
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(findings[0]!.message).not.toContain("usage target");
  });
});
