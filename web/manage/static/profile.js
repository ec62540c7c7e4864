// Turns notifications on in this browser: registers the service worker
// (/app/sw.js), subscribes with the server's VAPID public key and posts the
// subscription to /app/profile/push. Without this script the page says
// that JavaScript is needed; without push support it says so instead.
(function () {
  var box = document.getElementById('push');
  var btn = box && box.querySelector('[data-push-on]');
  if (!btn) return;
  var status = box.querySelector('[data-push-status]');
  box.querySelector('[data-push-nojs]').hidden = true;
  function say(text) { status.textContent = text; status.hidden = false; }
  function msg(name) { return box.getAttribute('data-msg-' + name); }
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say(msg('unsupported'));
    return;
  }
  if (Notification.permission === 'denied') {
    say(msg('denied'));
    return;
  }
  btn.hidden = false;
  function key(b64) {
    var s = b64.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var raw = atob(s), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function Refused(text) { this.text = text; }
  btn.addEventListener('click', function () {
    btn.disabled = true;
    say(msg('working'));
    Notification.requestPermission().then(function (perm) {
      if (perm !== 'granted') throw new Refused(msg('denied'));
      return navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      var subscribe = function () {
        return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(box.getAttribute('data-key')) });
      };
      // An older subscription may be bound to another key: start afresh.
      return reg.pushManager.getSubscription().then(function (old) {
        return old ? old.unsubscribe().then(subscribe) : subscribe();
      });
    }).then(function (sub) {
      return fetch('/app/profile/push', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(sub.toJSON())
      });
    }).then(function (res) {
      if (res.ok) {
        location.href = '/app/profile?subscribed=1';
        return;
      }
      return res.json().then(function (j) { throw new Refused(j.message); });
    }).catch(function (e) {
      btn.disabled = false;
      say(e instanceof Refused && e.text ? e.text : msg('failed'));
    });
  });
})();
