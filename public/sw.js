/*
 * The check-in's service worker: keeps the scanner usable without a network once it has been opened online.
 * - The scanner page and its data (/checkin/…): network first, the last good answer when offline.
 * - The app's fingerprinted assets, the manifest and icons: from the cache once there (they never change).
 * - Everything else goes to the network as usual.
 * A scanner page tells the worker which files it uses (message "cache"), since its first load happened before
 * the worker controlled it. Scans themselves are never cached: the page queues them in IndexedDB.
 */
const CACHE = "kongress-checkin-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

const isAsset = (url) => url.pathname.startsWith("/assets/") || url.pathname === "/manifest.webmanifest" || url.pathname.startsWith("/icons/");
const isScannerPage = (url) => /^\/checkin(\/[a-z0-9]+)?(\.data)?$/i.test(url.pathname) || /^\/checkin\/[a-z0-9]+\.data$/i.test(url.pathname);

self.addEventListener("message", (event) => {
  if (event.data?.type !== "cache" || !Array.isArray(event.data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        event.data.urls
          .map((href) => new URL(href, self.location.origin))
          .filter((url) => url.origin === self.location.origin && (isAsset(url) || isScannerPage(url)))
          .map((url) =>
            fetch(url, { credentials: "same-origin" })
              .then((response) => (response.ok ? cache.put(url.pathname, response) : undefined))
              .catch(() => undefined),
          ),
      );
      event.source?.postMessage({ type: "cached" });
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isAsset(url)) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(url.pathname);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) (await caches.open(CACHE)).put(url.pathname, response.clone());
        return response;
      })(),
    );
    return;
  }
  if (isScannerPage(url)) {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          if (response.ok && !url.search) (await caches.open(CACHE)).put(url.pathname, response.clone());
          return response;
        } catch (error) {
          const cached = await caches.match(url.pathname);
          if (cached) return cached;
          throw error;
        }
      })(),
    );
  }
});
