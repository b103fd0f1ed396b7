// The demo's service worker: shows the notifications the site sends through the push service,
// and opens the blog when one is clicked. Registered by consentkit only after "Allow".
self.addEventListener('push', (event) => {
  const data = (() => {
    try {
      return event.data?.json() ?? {};
    } catch {
      return { body: event.data?.text() };
    }
  })();
  event.waitUntil(self.registration.showNotification(data.title ?? 'Bakery Blog', { body: data.body ?? 'Something new on the blog.', data: { url: data.url ?? './' } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(new URL(event.notification.data?.url ?? './', self.registration.scope).href));
});
