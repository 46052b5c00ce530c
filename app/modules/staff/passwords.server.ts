import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { admission } from "~/modules/db/admission.server";

/**
 * Password hashing with scrypt from Node's crypto (OpenSSL): memory-hard, no native addon to build.
 * Stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes.
 */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/**
 * scrypt runs on libuv's thread pool (4 threads), which file access and DNS share. Unbounded, 100 sign-in
 * attempts at once filled it and stalled every other request for ~20 s; so at most two derivations run at
 * once and a short queue waits. Beyond that the server is under attack or overloaded: refuse (HashingBusy).
 */
const MAX_CONCURRENT = 2;
const MAX_WAITING = 16;

export class HashingBusy extends Error {
  constructor() {
    super("password hashing is busy");
  }
}

const withHashingSlot = admission(MAX_CONCURRENT, { maxWaiting: MAX_WAITING, refuse: () => new HashingBusy() });

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return withHashingSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  if (Number(N) > COST.N || Number(r) > COST.r || Number(p) > COST.p) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), { N: Number(N), r: Number(r), p: Number(p), maxmem: COST.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password for generated accounts: 20 characters without look-alikes (~100 bits). */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 55 characters
  const bytes = randomBytes(40);
  let password = "";
  for (const byte of bytes) {
    if (byte >= 220) continue; // 220 = 4 × 55: keeps the choice uniform
    password += alphabet[byte % alphabet.length];
    if (password.length === 20) break;
  }
  return password.length === 20 ? password : generatePassword();
}
