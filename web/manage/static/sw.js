// Tandem's service worker, served at /app/sw.js: shows the notifications
// the server pushes ({title, body, url, tag}) and opens their page when one
// is tapped. It caches nothing: the pages stay the server's.
self.addEventListener('push', function (e) {
  var d = {};
  try {
    d = e.data ? e.data.json() : {};
  } catch (err) {
    d = { body: e.data ? e.data.text() : '' };
  }
  var opts = { body: d.body || '', data: { url: d.url || '/app' } };
  if (d.tag) {
    opts.tag = d.tag;
    opts.renotify = true;
  }
  e.waitUntil(self.registration.showNotification(d.title || 'Tandem', opts));
});

self.addEventListener('notificationclick', function (e) {
  e.notification.close();
  var url = new URL((e.notification.data && e.notification.data.url) || '/app', self.location.origin);
  if (url.origin !== self.location.origin) url = new URL('/app', self.location.origin);
  e.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url.href && 'focus' in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url.href);
  }));
});
