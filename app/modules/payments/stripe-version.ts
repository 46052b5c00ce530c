/**
 * The Stripe API version the app is written for, pinned so that an account whose default version moves on still
 * sends the shapes this code reads (webhook events too: an endpoint created for this version receives them in it).
 * It is the version the installed stripe-node types were generated for; raising it is a change to review, not an
 * upgrade to take in passing (an older one removed `charge.refunds` from events, for instance).
 */
export const STRIPE_API_VERSION = "2026-10-28.endive";
