// The phone ticket page's service worker: it shows the page's turn alerts as system notifications (Chrome on Android
// shows none from a page alone) and brings the ticket page back when one is tapped. It caches nothing and loads
// nothing: the page stays live over its own event stream.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("notificationclick", (event) => {
    event.notification.close();
    const url = event.notification.data?.url ?? "/";
    event.waitUntil(
        (async () => {
            const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
            const page = pages.find((c) => new URL(c.url).pathname === url);
            return page ? page.focus() : self.clients.openWindow(url);
        })(),
    );
});
