import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { isUniqueViolation } from "~/modules/db/errors.server";
import { recentlyUsed } from "./recently-used.server";
import { base32Encode, SIGNED_PREFIX, type ParsedCode } from "./signed-code";

/**
 * The server's side of signed tickets: each event has Ed25519 key pairs (TicketKey); the newest one not retired
 * signs the QR payloads when tickets are drawn (mail, manage page, PNG), and every key not retired verifies.
 * Signing takes about 50 µs, so payloads are signed when drawn and never stored (the last ones are remembered).
 */
export type SigningKey = { id: string; privateKey: KeyObject };
type Db = Pick<PrismaClient, "ticketKey">;

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function newKeyId(): string {
  // 4 characters of the ticket alphabet (no look-alikes): 810,000 ids, unique per installation by the primary key.
  return base32Encode(randomBytes(3)).slice(0, 4).replace(/[01]/g, "Z");
}

/**
 * Which key signs each event's tickets, remembered for a few seconds: every confirmation page and ticket mail
 * asks. A key made or retired here is forgotten at once; another instance follows within that time.
 */
const CURRENT_KEY_TTL_MS = 5_000;
const currentKeys = new Map<string, { at: number; key: SigningKey }>();

/** The key that signs the event's tickets; made on first use (two requests at once end with one). */
export async function signingKey(db: Db, eventId: string, now = Date.now()): Promise<SigningKey> {
  const remembered = currentKeys.get(eventId);
  if (remembered && now - remembered.at < CURRENT_KEY_TTL_MS) return remembered.key;
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await db.ticketKey.findFirst({ where: { eventId, retiredAt: null }, orderBy: { createdAt: "desc" } });
    if (current) {
      const key = { id: current.id, privateKey: privateKeyOf(current.id, current.privateKey) };
      currentKeys.set(eventId, { at: now, key });
      return key;
    }
    try {
      await createTicketKey(db, eventId);
    } catch (error) {
      if (!isUniqueViolation(error, "id")) throw error;
    }
  }
  throw new Error(`no ticket key for event ${eventId}`);
}

/** A new key for the event (rotation): tickets drawn from now on carry it; the older keys stay valid until retired. */
export async function createTicketKey(db: Db, eventId: string, now = new Date()) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "jwk" }).x!;
  const created = await db.ticketKey.create({
    data: { id: newKeyId(), eventId, publicKey: raw, privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url"), createdAt: now },
  });
  currentKeys.delete(eventId);
  return created;
}

function privateKeyOf(id: string, encoded: string): KeyObject {
  let key = privateKeys.get(id);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(encoded, "base64url"), format: "der", type: "pkcs8" });
    privateKeys.set(id, key);
  }
  return key;
}

/** The QR payload of a ticket, signed. */
export function signedTicketPayload(key: SigningKey, ticket: { ticketSecret: string; ticketReference: string }): string {
  const signed = `${SIGNED_PREFIX}:${key.id}:${ticket.ticketSecret}:${ticket.ticketReference}`;
  return `${signed}:${signatureOf(signed, key)}`;
}

/**
 * Ed25519 signatures are deterministic: a ticket drawn again (its page, its mail, its PNG and calendar file) has
 * the same one. Those of the tickets drawn last are kept; the signed text names the key, so a new key signs anew.
 */
const signatures = new WeakMap<KeyObject, (signed: string) => string>();
function signatureOf(signed: string, key: SigningKey): string {
  let byKey = signatures.get(key.privateKey);
  if (!byKey) {
    byKey = recentlyUsed(2_000, (text) => base32Encode(sign(null, Buffer.from(text), key.privateKey)));
    signatures.set(key.privateKey, byKey);
  }
  return byKey(signed);
}

/** Whether a signed code's signature is right, by a key of this installation that is not retired. */
export async function signatureValid(db: Db, code: Extract<ParsedCode, { kind: "signed" }>): Promise<{ valid: boolean; eventId: string | null }> {
  const key = await db.ticketKey.findUnique({ where: { id: code.keyId } });
  if (!key || key.retiredAt) return { valid: false, eventId: key?.eventId ?? null };
  let publicKey = publicKeys.get(key.id);
  if (!publicKey) {
    publicKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.publicKey }, format: "jwk" });
    publicKeys.set(key.id, publicKey);
  }
  return { valid: verify(null, Buffer.from(code.signed), publicKey, code.signature), eventId: key.eventId };
}

/** The event's public keys, for scanners to verify offline. */
export async function publicTicketKeys(db: Db, eventId: string) {
  const keys = await db.ticketKey.findMany({
    where: { eventId },
    orderBy: { createdAt: "asc" },
    select: { id: true, publicKey: true, retiredAt: true, createdAt: true },
  });
  return keys.map((key) => ({ id: key.id, publicKey: key.publicKey, retired: key.retiredAt !== null, createdAt: key.createdAt }));
}

/**
 * Retires a key: tickets signed with it are refused from now on (devices learn it with their next list). Meant
 * for a key that leaked; the attendees concerned need their tickets again (the manage page draws them anew).
 */
export async function retireTicketKey(db: Db, eventId: string, keyId: string, now = new Date()): Promise<boolean> {
  const retired = await db.ticketKey.updateMany({ where: { id: keyId, eventId, retiredAt: null }, data: { retiredAt: now } });
  currentKeys.delete(eventId);
  return retired.count === 1;
}
