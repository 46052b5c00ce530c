import { randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The configuration, read from environment variables once at start. A bad value stops the server with
 * one line per problem instead of failing later somewhere deep in a request.
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce
      .number({ error: "PORT must be a number" })
      .int("PORT must be a whole number")
      .min(1, "PORT must be between 1 and 65535")
      .max(65535, "PORT must be between 1 and 65535")
      .default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: z
      .string()
      .regex(
        /^(file:.+|postgres(ql)?:\/\/.+)/i,
        "DATABASE_URL must be a SQLite file URL such as file:./data/kongress.db or a PostgreSQL URL such as postgresql://kongress@localhost:5432/kongress",
      )
      .default("file:./data/kongress.db"),
    // Connections per instance to PostgreSQL (ignored for SQLite). Instances × pool size must stay below the
    // server's max_connections (100 by default).
    DATABASE_POOL_SIZE: z.coerce
      .number({ error: "DATABASE_POOL_SIZE must be a number" })
      .int("DATABASE_POOL_SIZE must be a whole number")
      .min(1, "DATABASE_POOL_SIZE must be between 1 and 50")
      .max(50, "DATABASE_POOL_SIZE must be between 1 and 50")
      .default(10),
    BASE_URL: z
      .url({ error: "BASE_URL must be an absolute http(s) URL such as https://kongress.example.org" })
      .refine((value) => /^https?:\/\//.test(value), "BASE_URL must start with http:// or https://")
      .optional(),
    SMTP_URL: z.url({ error: "SMTP_URL must be a URL such as smtp://user:pass@mail.example.org:587" }).optional(),
    MAIL_FROM: z.string().min(3).optional(),
    ADMIN_EMAIL: z.email({ error: "ADMIN_EMAIL must be an email address" }).optional(),
    ADMIN_PASSWORD: z.string().min(12, "ADMIN_PASSWORD must have at least 12 characters").optional(),
    // Signs the staff session cookie. `npm start` makes one and keeps it in data/ when it is not set.
    SESSION_SECRET: z
      .string()
      .min(32, "SESSION_SECRET must have at least 32 characters")
      .default(() => randomBytes(32).toString("hex")),
    // Online payment (Stripe Checkout): both set, or neither (then paid tickets are paid by invoice only).
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9]+$/, "STRIPE_WEBHOOK_SECRET must look like whsec_…")
      .optional(),
    // Where Stripe's API is: only set for tests and local development, which run a stand-in on loopback.
    STRIPE_API_URL: z.url({ error: "STRIPE_API_URL must be a URL such as http://127.0.0.1:12111" }).optional(),
  })
  .refine((env) => Boolean(env.STRIPE_SECRET_KEY) === Boolean(env.STRIPE_WEBHOOK_SECRET), {
    message: "set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or neither",
    path: ["STRIPE_WEBHOOK_SECRET"],
  });

export type Env = z.infer<typeof EnvSchema> & { BASE_URL: string; MAIL_FROM: string };

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set", as they do for most shells' `VAR= command`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every setting.`);
  }
  const env = result.data;
  const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  return { ...env, BASE_URL: baseUrl, MAIL_FROM: env.MAIL_FROM ?? `Kongress <kongress@${new URL(baseUrl).hostname}>` };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Reads the environment again on next use: for tests that change it. */
export function forgetEnv() {
  cached = undefined;
}
