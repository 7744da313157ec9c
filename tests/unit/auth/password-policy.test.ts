import { describe, expect, it } from "vitest";
import { passwordProblem, personalWords } from "@/lib/auth/password-policy";

const me = ["alice.smith@acme.example", "Alice Smith", "Acme Recruiting"];

describe("password policy", () => {
  it("refuses short passwords, common passwords and the user's own details", () => {
    expect(passwordProblem("elevenchars", me)).toBe("must be at least 12 characters");
    expect(passwordProblem("password1234", me)).toMatch(/too easy to guess/);
    expect(passwordProblem("qwertyuiop123", me)).toMatch(/too easy to guess/);
    expect(passwordProblem("alice.smith@acme.example", me)).toBe(
      "is built from your own name, e-mail or organization",
    );
    expect(passwordProblem("AliceSmith2024!", me)).toBe(
      "is built from your own name, e-mail or organization",
    );
    expect(passwordProblem("smith.alice.2024", me)).toBe(
      "is built from your own name, e-mail or organization",
    );
    expect(passwordProblem("acmerecruiting1", me)).toBe(
      "is built from your own name, e-mail or organization",
    );
  });

  it("accepts a passphrase of unrelated words", () => {
    expect(passwordProblem("tangerine orbit velvet lamp", me)).toBeNull();
    expect(passwordProblem("correct horse battery staple", me)).toBeNull();
  });

  it("the user's details count as words to avoid, whole and in parts", () => {
    expect(personalWords(["Alice.Smith@acme.example", null, "Al"])).toEqual([
      "alice.smith@acme.example",
      "alice",
      "smith",
      "acme",
      "example",
      "al",
    ]);
  });
});
