// Kring's service worker: the last feed page and the app's files kept for offline use,
// and what a click on a desktop notification opens. Pages are fetched from the network
// first; only when that fails does the kept copy answer. Logging out clears it all
// (Clear-Site-Data).
"use strict";

var SHELL = "kring-shell-v1";
var PAGES = "kring-pages-v1";
var FILES = [
  "/offline",
  "/static/css/kring.css",
  "/static/js/kring.js",
  "/static/js/live.js",
  "/static/vendor/htmx.min.js",
  "/static/vendor/socket.io.min.js",
  "/static/img/kring.svg",
  "/static/img/icon-192.png",
];

function keepFeed(response) {
  // Only the feed itself, as the logged-in person saw it (not a redirect to the login).
  if (!response.ok || response.redirected || response.type !== "basic") { return; }
  var copy = response.clone();
  caches.open(PAGES).then(function (cache) { cache.put("/", copy); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(FILES); })
      .then(function () { return fetch("/", { credentials: "same-origin" }); })
      .then(keepFeed)
      .catch(function () { /* offline or logged out: kept at the next visit */ })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== SHELL && name !== PAGES;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function asKept(response) {
  // A kept page says so itself: its offline bar shows (the browser may still believe it
  // is online when only Kring can't be reached).
  return response.text().then(function (html) {
    var marked = html.replace("data-offline hidden", "data-offline data-kept");
    return new Response(marked, { status: 200, headers: response.headers });
  });
}

function page(request, url) {
  return fetch(request).then(function (response) {
    if (url.pathname === "/") { keepFeed(response); }
    return response;
  }).catch(function () {
    var kept = url.pathname === "/" ? "/" : request;
    return caches.match(kept).then(function (found) {
      return found || caches.match("/offline");
    }).then(function (found) {
      return found ? asKept(found) : Response.error();
    });
  });
}

function file(request) {
  // The kept file at once, and a fresh one for next time.
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request).then(function (found) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      return found || fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(file(request));
  }
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
      for (var i = 0; i < open.length; i += 1) {
        if ("focus" in open[i]) {
          return open[i].navigate(target).then(function (client) { return client && client.focus(); });
        }
      }
      return self.clients.openWindow(target);
    })
  );
});
