import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("configuration", () => {
  it("has working defaults for the embedded setup", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DATABASE_URL: "file:./data/kongress.db", BASE_URL: "http://localhost:3000" });
    expect(parseEnv({ PORT: "8080", BASE_URL: "https://kongress.example.org/" }).BASE_URL).toBe("https://kongress.example.org");
    expect(parseEnv({ DATABASE_URL: "postgresql://kongress@db.example.org:5432/kongress" })).toMatchObject({ DATABASE_POOL_SIZE: 10 });
  });

  it("stops with one clear line per bad value", () => {
    expect(() => parseEnv({ PORT: "eighty", BASE_URL: "kongress.example.org", DATABASE_URL: "mysql://x" })).toThrowError(
      /PORT: PORT must be a number[\s\S]*DATABASE_URL: DATABASE_URL must be a SQLite file URL[\s\S]*or a PostgreSQL URL[\s\S]*BASE_URL: BASE_URL must be an absolute/,
    );
    expect(() => parseEnv({ ADMIN_PASSWORD: "short" })).toThrowError(/ADMIN_PASSWORD must have at least 12 characters/);
  });
});
