// Live updates over Socket.IO: the unread badge, the notification list, "N new posts".
// A doorbell only: on every (re)connect the page asks the API what it missed.
(function () {
  "use strict";
  var body = document.body;
  if (!body.getAttribute("data-user") || typeof io === "undefined") { return; }

  var badge = document.querySelector("[data-unread-count]");
  var badgeBox = document.querySelector("[data-unread-count-box]");  // with "unread", for screen readers
  var list = document.querySelector("[data-live-list]");
  var feed = document.querySelector("[data-live-feed]");
  var lastSeen = Number(sessionStorage.getItem("kring.lastNotification") || 0);
  var fresh = 0;

  function setUnread(count) {
    if (!badge) { return; }
    badge.textContent = String(count);
    (badgeBox || badge).hidden = count < 1;
  }

  var known = {};  // ids already counted on this page: a notification may ring twice

  function remember(id) {
    known[id] = true;
    if (id > lastSeen) {
      lastSeen = id;
      sessionStorage.setItem("kring.lastNotification", String(id));
    }
  }

  function addToList(item) {
    if (!list || document.getElementById("n" + item.id)) { return; }
    // One notice per post: a notification written again (a new reason) takes the old one's place.
    var old = list.querySelector('[data-post="' + item.post_id + '"]');
    if (old) { old.parentNode.removeChild(old); }
    var li = document.createElement("li");
    li.className = "card notice notice--unread";
    li.id = "n" + item.id;
    li.setAttribute("data-post", String(item.post_id));
    var link = document.createElement("a");
    link.href = "/posts/" + item.post_id;
    var who = document.createElement("strong");
    who.textContent = (item.actor || item.post.author).name;
    link.appendChild(who);
    var text = document.createElement("p");
    text.className = "notice__excerpt muted";
    text.textContent = item.post.excerpt;
    var main = document.createElement("div");
    main.className = "notice__main";
    main.appendChild(link);
    main.appendChild(text);
    li.appendChild(main);
    list.insertBefore(li, list.firstChild);
  }

  // Rings taken so far. A count the server read before a ring that arrived while it was
  // on its way is out of date (the ring counted one more): ask again instead.
  var rings = 0;
  function counted(data, asked) {
    if (asked !== rings) { recount(); } else { setUnread(data.unread); }
  }

  function catchUp(rounds) {
    // With after_id the API answers oldest first: page on until nothing is left.
    var first = !lastSeen;
    var url = "/api/v1/notifications?limit=50" + (first ? "" : "&after_id=" + lastSeen);
    var asked = rings;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        counted(data, asked);
        var items = first ? data.items.slice().reverse() : data.items;
        items.forEach(function (item) {
          if (!first) { addToList(item); }
          remember(item.id);
        });
        if (!first && data.items.length === 50 && (rounds || 0) < 20) { catchUp((rounds || 0) + 1); }
      })
      .catch(function () { /* offline: the next connect tries again */ });
  }

  function matchesFeed(post) {
    if (!feed) { return false; }
    var want = feed.dataset;
    if (want.type && post.type !== want.type) { return false; }
    if (want.tag && post.tags.indexOf(want.tag) < 0) { return false; }
    if (want.group && String(post.group_id) !== want.group) { return false; }
    if (want.author && String(post.author_id) !== want.author) { return false; }
    if (want.scope === "following") {
      var me = Number(body.dataset.user);
      var people = (want.followUsers || "").split(",").map(Number);
      var tags = (want.followTags || "").split(",");
      var groups = (want.groups || "").split(",").map(Number);
      return people.indexOf(post.author_id) >= 0 || post.mentions.indexOf(me) >= 0 ||
        groups.indexOf(post.group_id) >= 0 ||
        post.tags.some(function (t) { return tags.indexOf(t) >= 0; });
    }
    return true;
  }

  function showNewPosts() {
    var bar = document.getElementById("newposts");
    if (!bar) {
      bar = document.createElement("button");
      bar.id = "newposts";
      bar.type = "button";
      bar.className = "newposts";
      bar.addEventListener("click", function () { window.location.reload(); });
      feed.parentNode.insertBefore(bar, feed);
    }
    var text = fresh === 1 ? feed.dataset.newOne : feed.dataset.newText;
    bar.textContent = (text || "{n} new").replace("{n}", String(fresh));
    bar.hidden = false;
  }

  // A mention or must-read as a system notification while the person looks elsewhere
  // (another tab or program), if they left it on and the browser allows it.
  function worthADesktopNotice(item) {
    var mentioned = item.reasons.some(function (r) {
      return r.kind === "mention" || r.kind === "group_mention";
    });
    return mentioned || (item.post && item.post.must_read);
  }

  function showOnDesktop(item) {
    if (body.dataset.desktop !== "1" || !("Notification" in window) ||
        Notification.permission !== "granted" || !navigator.serviceWorker ||
        (!document.hidden && document.hasFocus()) || !worthADesktopNotice(item)) { return; }
    var text = item.post.must_read ? body.dataset.desktopMustRead : body.dataset.desktopMention;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.showNotification((text || "{name}").replace("{name}", item.post.author.name), {
        body: item.post.excerpt,
        tag: "kring-" + item.post_id,
        icon: "/static/img/icon-192.png",
        data: { url: "/posts/" + item.post_id },
      });
    }).catch(function () { /* no worker: the badge still counts */ });
  }

  var socket = io({ transports: ["websocket", "polling"] });
  socket.on("connect", function () { catchUp(0); });
  function recount() {
    var asked = rings;
    fetch("/api/v1/notifications?limit=1", {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { counted(data, asked); } })
      .catch(function () { /* offline: the next connect counts again */ });
  }

  socket.on("notification", function (item) {
    if (known[item.id]) { return; }
    rings += 1;
    // A notification may ring twice, and one may be written again with a new reason
    // (`replaces`: the same post's unread one). Whether an earlier page of this tab
    // counted it is not known here, so the server counts; an old ring that arrives
    // after its replacement is dropped above.
    var again = item.id <= lastSeen || !!item.replaces;
    var seenBefore = item.id <= lastSeen || (item.replaces && known[item.replaces]);
    if (item.replaces) { known[item.replaces] = true; }
    remember(item.id);
    addToList(item);
    if (again) { recount(); } else if (badge) { setUnread(Number(badge.textContent || 0) + 1); }
    if (!seenBefore) { showOnDesktop(item); }
  });
  // Read somewhere (another tab, a post opened, the API): every tab shows the new count.
  socket.on("unread", function (data) { setUnread(data.unread); });
  socket.on("post", function (post) {
    if (String(post.author_id) === body.dataset.user || !matchesFeed(post)) { return; }
    fresh += 1;
    showNewPosts();
  });
})();
