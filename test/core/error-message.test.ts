import { errorMessage } from "../../src/core/error-message.js";

describe("errorMessage: what an error path names, whatever was thrown", () => {
  test("an Error: its message, not its name or stack", () => {
    expect(errorMessage(new TypeError("cannot read x"))).toBe("cannot read x");
  });

  test("a thrown string, number or object: its string form, never empty", () => {
    expect(errorMessage("ECONNRESET")).toBe("ECONNRESET");
    expect(errorMessage(404)).toBe("404");
    expect(errorMessage(undefined)).toBe("undefined");
    expect(errorMessage({ status: 500 })).toBe("[object Object]");
  });
});
