import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the page being rendered (server/security-headers.ts), for Remix's
 * inline scripts. Only the server render knows it; in the browser it is empty, which is what browsers show
 * of a nonce attribute anyway.
 */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
