/** The e2e server's session secret, known to the tests, which sign what the server signs with it (unsubscribe links). */
export const E2E_SESSION_SECRET = "e2e-session-secret-0123456789abcdef0123456789";
