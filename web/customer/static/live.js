// Live companion: when the episode changes (a step done by staff or a till,
// a help request answered), fetch the page again and swap in the parts
// marked data-live; show each timed nudge when its moment comes. Without
// this script the page works by reload.
(function (d) {
  var L = d.getElementById("live"), T = [], busy = 0, again = 0;
  if (!L) return;
  function arm() {
    T.forEach(clearTimeout);
    T = [];
    [].forEach.call(d.querySelectorAll("[data-in]"), function (e) {
      T.push(setTimeout(function () {
        e.textContent = e.getAttribute("data-msg");
        e.removeAttribute("data-in");
      }, +e.getAttribute("data-in")));
    });
  }
  function update() {
    if (busy) { again = 1; return; }
    busy = 1;
    fetch(location.href.split("#")[0], { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (h) {
        var n = new DOMParser().parseFromString(h, "text/html"), l = n.getElementById("live");
        var open = [].map.call(L.querySelectorAll("details[open]"), function (x) { return x.id; });
        [].forEach.call(n.querySelectorAll("[data-live]"), function (x) {
          var o = d.getElementById(x.id);
          if (o && o.innerHTML != x.innerHTML) o.innerHTML = x.innerHTML;
        });
        open.forEach(function (i) { var x = d.getElementById(i); if (x) x.open = true; });
        if (l) L.setAttribute("data-v", l.getAttribute("data-v"));
        arm();
      })
      .catch(function () {})
      .then(function () { busy = 0; if (again) { again = 0; update(); } });
  }
  arm();
  if (window.EventSource) {
    var es = new EventSource(L.getAttribute("data-src"));
    es.onmessage = update;
    // "end": the server closes a long stream and the browser opens a new
    // one by itself; "done": the visit has feedback, nothing more to hear.
    es.addEventListener("done", function () { es.close(); });
  }
})(document);
