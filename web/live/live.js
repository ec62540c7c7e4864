// Live updates for a page with an element #live: data-src is its event
// stream, data-v the version the page shows. On a "change" the page is
// fetched again and each element marked data-live (by id) takes its new
// content; open <details> stay open. "done": nothing more will change.
// Elements with data-in show their data-msg that many milliseconds after
// the page (or its last update) came. Without this script the page works
// by reload.
(function (d) {
  var L = d.getElementById("live"), T = [], busy = 0, again = 0;
  if (!L) return;
  function v() { return L.getAttribute("data-v"); }
  function arm() {
    T.forEach(clearTimeout);
    T = [].map.call(d.querySelectorAll("[data-in]"), function (e) {
      return setTimeout(function () {
        e.textContent = e.getAttribute("data-msg");
        e.removeAttribute("data-in");
      }, +e.getAttribute("data-in"));
    });
  }
  function update() {
    if (busy) { again = 1; return; }
    busy = 1;
    fetch(location.href.split("#")[0], { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (h) {
        var n = new DOMParser().parseFromString(h, "text/html"), l = n.getElementById("live");
        var open = [].map.call(d.querySelectorAll("details[open]"), function (x) { return x.id; });
        [].forEach.call(n.querySelectorAll("[data-live]"), function (x) {
          var o = d.getElementById(x.id);
          if (o && o.innerHTML != x.innerHTML) o.innerHTML = x.innerHTML;
        });
        open.forEach(function (i) { var x = i && d.getElementById(i); if (x) x.open = true; });
        if (l) L.setAttribute("data-v", l.getAttribute("data-v"));
        arm();
      })
      .catch(function () {})
      .then(function () { busy = 0; if (again) { again = 0; update(); } });
  }
  function listen() {
    var s = L.getAttribute("data-src");
    var es = new EventSource(s + (s.indexOf("?") < 0 ? "?" : "&") + "v=" + encodeURIComponent(v()));
    es.addEventListener("change", function (e) { if (e.data != v()) update(); });
    es.addEventListener("done", function () { es.close(); });
    // The browser reconnects by itself after "end" or a dropped network,
    // but not after a refusal (429 "busy") or an error status.
    es.onerror = function () { if (es.readyState == 2) setTimeout(listen, 6e4); };
  }
  arm();
  if (window.EventSource && window.fetch) listen();
})(document);
