// Drafts: a half-written post or reply survives navigation and reload, kept on the server
// for the person alone (/api/v1/drafts), so it follows them to another browser and never
// stays behind in a shared one. Forms opt in with data-draft="<key>"; what is typed is
// saved a second after typing stops and when the page goes, restored when the form opens
// empty, and left alone once the form is sent: the server throws the draft away when it
// stores the post. A form the server sent back with what was typed (a refusal) keeps that
// as the draft. Drafts this browser kept itself before (localStorage) move to the server
// once and are wiped, and wiped again at logout. A field marked data-draft-skip (a
// candidate's personal data) is never sent: it stays in this page alone.
(function () {
  "use strict";
  var user = document.body.getAttribute("data-user");
  if (!user || !window.fetch) { return; }
  var API = "/api/v1/drafts";
  var LEGACY = "kring.draft.";
  var WAIT = 1000;  // ms after the last keystroke
  var SEND_WAIT = 3000;  // ms a sent form waits at most for a save on its way
  var csrf = "";
  try { csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
  catch (e) { csrf = ""; }

  // What the old script left in this browser: this person's drafts by form, then all gone.
  function takeLegacy() {
    var mine = {};
    try {
      var names = [];
      for (var i = 0; i < localStorage.length; i++) {
        if (localStorage.key(i).indexOf(LEGACY) === 0) { names.push(localStorage.key(i)); }
      }
      names.forEach(function (name) {
        var own = LEGACY + user + ".";
        if (name.indexOf(own) === 0) {
          try { mine[name.slice(own.length)] = JSON.parse(localStorage.getItem(name)); }
          catch (e) { /* unreadable: dropped */ }
        }
        localStorage.removeItem(name);
      });
    } catch (e) { /* no storage in this browser */ }
    return mine;
  }

  // The form's fields a draft holds; with `all`, those it never holds too (for the page's
  // own undo, which stays in memory).
  function fields(form, all) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "next" &&
        el.type !== "hidden" && el.type !== "submit" && el.type !== "button" &&
        el.type !== "file" && (all || !el.hasAttribute("data-draft-skip"));
    });
  }

  function isText(el) {
    return el.tagName === "TEXTAREA" || el.type === "text" || el.type === "number" ||
      el.type === "url" || el.type === "date" || el.type === "search" || !el.type;
  }

  function read(form, all) {
    var data = {};
    fields(form, all).forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } }
      else if (el.type === "checkbox") { data[el.name] = el.checked; }
      else { data[el.name] = el.value; }
    });
    return data;
  }

  function typed(form) {  // anything written, not just a choice left at its default
    return fields(form).some(function (el) { return isText(el) && el.value.trim() !== ""; });
  }

  function write(form, data) {  // fills the form in; its change event says so to other scripts
    fields(form, true).forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "radio") { el.checked = data[el.name] === el.value; }
      else if (el.type === "checkbox") { el.checked = !!data[el.name]; }
      else { el.value = data[el.name]; }
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));  // the composer shows the type's fields
  }

  function empty(form) {
    fields(form, true).forEach(function (el) {
      if (isText(el)) { el.value = ""; }
      else if (el.type === "checkbox") { el.checked = false; }
    });
  }

  // This page's name for itself and its count of saves: while the page lives its writes of
  // a draft go one after the other (Writes), but the last one, sent as the page goes, may
  // cross one still in flight and arrive first; the server keeps the later by this count.
  var writer = Math.random().toString(36).slice(2, 14) || "page";
  var sequence = 0;
  var leaving = false;  // the page is going: what is cut off now is no failure
  window.addEventListener("pagehide", function () { leaving = true; });
  window.addEventListener("pageshow", function () { leaving = false; });  // back from the cache

  // Every write outlives the page (keepalive), so one in flight when a link is followed
  // still arrives; browsers carry at most 64 kB so, and a longer draft goes as usual.
  function call(method, key, data) {
    var options = {
      method: method,
      credentials: "same-origin",
      keepalive: true,
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
    };
    if (data) {
      options.headers["Content-Type"] = "application/json";
      sequence += 1;
      options.body = JSON.stringify({ fields: data, writer: writer, sequence: sequence });
      options.keepalive = options.body.length < 16000;
    }
    return fetch(API + "/" + encodeURIComponent(key), options).then(function (response) {
      if (!response.ok) { throw new Error("draft " + method + " " + response.status); }
      return response;
    });
  }

  // One draft's writes (a save is a PUT, a discard a DELETE), in the order they were asked
  // for: each waits until the one before is answered, so a discard never overtakes the save
  // before it, nor a save the discard before it. Of the writes waiting only the newest
  // matters (it says what the form holds now); the others are dropped unsent. A write's
  // promise says what became of it: "done", "failed", or "superseded" (a later write was
  // asked for meanwhile, whose answer is the one that counts) or "cut" (stopped by the
  // page going away): neither of these two is a failure.
  function Writes(key) {
    var asked = 0;        // writes asked for so far
    var flying = 0;       // writes sent and not yet answered
    var waiting = null;   // the next write: {n, method, data, settle}
    var idle = [];        // who waits until every write is answered

    function send(write) {
      flying += 1;
      call(write.method, key, write.data).then(function () {
        return "done";
      }, function (error) {
        return leaving || (error && error.name === "AbortError") ? "cut" : "failed";
      }).then(function (outcome) {
        flying -= 1;
        write.settle(write.n === asked ? outcome : "superseded");
        if (waiting && !flying) { var next = waiting; waiting = null; send(next); }
        if (!flying && !waiting) { idle.splice(0).forEach(function (fn) { fn(); }); }
      });
    }

    return {
      ask: function (method, data) {
        var write = { n: ++asked, method: method, data: data };
        var answered = new Promise(function (resolve) { write.settle = resolve; });
        if (waiting) { waiting.settle("superseded"); }
        waiting = null;
        if (flying) { waiting = write; } else { send(write); }
        return answered;
      },
      // The page may go before the write on its way is answered: send the waiting one now
      // (the server orders one page's saves by their count).
      flush: function () {
        if (waiting) { var next = waiting; waiting = null; send(next); }
      },
      drop: function () {  // the form was sent: the server throws the draft away itself
        if (waiting) { waiting.settle("superseded"); }
        waiting = null;
      },
      busy: function () { return flying > 0 || waiting !== null; },
      whenIdle: function (fn) { if (this.busy()) { idle.push(fn); } else { fn(); } },
    };
  }

  function Status(form) {
    var box = form.querySelector("[data-draft-status]");
    var text = box && box.querySelector("[data-draft-text]");
    var discard = box && box.querySelector("[data-draft-discard]");
    var undo = box && box.querySelector("[data-draft-undo]");
    return {
      say: function (what) {  // saved, restored, discarded, failed, undiscarded, or nothing
        if (!box) { return; }
        text.textContent = what ? box.getAttribute("data-" + what) : "";
        discard.hidden = !(what === "saved" || what === "restored" || what === "failed" ||
          what === "undiscarded");
        undo.hidden = what !== "discarded";
      },
      onDiscard: function (fn) { if (discard) { discard.addEventListener("click", fn); } },
      onUndo: function (fn) { if (undo) { undo.addEventListener("click", fn); } },
    };
  }

  function keep(form, legacy) {
    var key = form.getAttribute("data-draft");
    var status = Status(form);
    var writes = Writes(key);
    var timer = null;
    var sent = false;
    // What the server holds once the writes asked for are done, as JSON text; null: no
    // draft; UNKNOWN: a write failed, so the next save writes whatever the form holds.
    var UNKNOWN = {};
    var stored = null;
    var discarded = null;
    var writing = false;  // filling the form in ourselves: its change event is no edit

    function save(discarding) {
      clearTimeout(timer);
      if (sent) { return; }
      if (!typed(form)) {
        if (stored === null) { return; }
        stored = null;
        status.say("");
        writes.ask("DELETE", null).then(function (outcome) {
          if (sent || outcome === "superseded" || outcome === "cut") { return; }
          if (outcome === "failed") { stored = UNKNOWN; }  // the next change tries again
          if (discarding) { status.say(outcome === "done" ? "discarded" : "undiscarded"); }
        });
        return;
      }
      var data = read(form);
      var text = JSON.stringify(data);
      if (text === stored) { return; }
      stored = text;
      writes.ask("PUT", data).then(function (outcome) {
        if (sent || outcome === "superseded" || outcome === "cut") { return; }
        if (outcome === "done") { status.say("saved"); return; }
        stored = UNKNOWN;  // try again at the next change
        status.say("failed");
      });
    }

    function leave() {  // the page goes, or a phone hides it: what is typed goes now
      save();
      writes.flush();
    }

    function restore(found) {
      if (sent || typed(form)) { save(); return; }  // written meanwhile: that wins
      var data = found ? found.fields : legacy;
      if (!data) { return; }
      writing = true;
      write(form, data);
      writing = false;
      var box = form.closest("details");
      if (box) { box.open = true; }  // a phone's collapsed composer: the writing goes on
      if (found) { stored = JSON.stringify(read(form)); status.say("restored"); }
      else { save(); }  // the old script's copy: on the server from now on
    }

    if (typed(form)) {
      save();  // sent back by the server with what was typed: that is the draft now
    } else {
      fetch(API + "?key=" + encodeURIComponent(key), {
        credentials: "same-origin", headers: { "Accept": "application/json" },
      }).then(function (response) {
        if (!response.ok) { throw new Error("drafts " + response.status); }
        return response.json();
      }).then(function (body) { restore(body.items[0]); })
        .catch(function () { restore(null); });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { save(); }, WAIT);
    }
    form.addEventListener("input", later);
    // A choice (the post's type, a tick) is saved at once; a text's change (it lost the
    // focus, a suggestion went in) like typing: leaving it for the Post button is no save.
    form.addEventListener("change", function (event) {
      if (writing) { return; }
      if (isText(event.target)) { later(); } else { save(); }
    });
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { leave(); }  // a phone switching apps
    });
    status.onDiscard(function () {
      discarded = read(form, true);  // the page's own copy, personal data too, for Undo
      empty(form);
      if (stored === null) { stored = UNKNOWN; }  // whatever the server has, it goes
      save(true);
    });
    status.onUndo(function () {
      writing = true;
      if (discarded) { write(form, discarded); }
      writing = false;
      discarded = null;
      save();
    });
    // The server throws the draft away as it stores the post (a refusal comes back with what
    // was typed). A save still on its way could land after that and bring the draft back,
    // so the form goes once it is answered, or after SEND_WAIT regardless.
    var going = false;
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented || going) { return; }
      clearTimeout(timer);
      sent = true;
      writes.drop();
      if (!writes.busy()) { return; }
      event.preventDefault();
      if (form.hasAttribute("data-draft-sending")) { return; }  // a second click meanwhile
      form.setAttribute("data-draft-sending", "");
      var submitter = event.submitter;
      var gone = false;
      function go() {
        if (gone) { return; }
        gone = going = true;
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); }
        else { form.submit(); }
      }
      writes.whenIdle(go);
      setTimeout(go, SEND_WAIT);
    });
  }

  // The old script's copy of a form not on this page: kept unless the server has one.
  function adopt(key, data) {
    fetch(API + "?key=" + encodeURIComponent(key), {
      credentials: "same-origin", headers: { "Accept": "application/json" },
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body && !body.items.length) { return call("PUT", key, data); } })
      .catch(function () { /* lost with the old script's storage */ });
  }

  var legacy = takeLegacy();
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = form.getAttribute("data-draft");
    keep(form, legacy[key] || null);
    delete legacy[key];
  });
  Object.keys(legacy).forEach(function (key) { if (legacy[key]) { adopt(key, legacy[key]); } });
  document.querySelectorAll("form[action$='/logout']").forEach(function (form) {
    form.addEventListener("submit", takeLegacy);
  });
})();
