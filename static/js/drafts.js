// Drafts: a half-written post or reply survives navigation and reload. Forms opt in with
// data-draft="<key>"; what is typed is kept in this browser per person (localStorage,
// keyed by the signed-in user) and cleared when the form is sent. A form the server sent
// back with what was typed (a refusal) keeps that as the draft.
(function () {
  "use strict";
  var user = document.body.getAttribute("data-user");
  if (!user || !window.localStorage) { return; }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "next" &&
        el.type !== "hidden" && el.type !== "submit" && el.type !== "file";
    });
  }

  function read(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } }
      else if (el.type === "checkbox") { data[el.name] = el.checked; }
      else { data[el.name] = el.value; }
    });
    return data;
  }

  function typed(form) {  // anything written, not just a choice left at its default
    return fields(form).some(function (el) {
      return (el.tagName === "TEXTAREA" || el.type === "text" || el.type === "number" ||
        el.type === "url" || el.type === "date" || !el.type) && el.value.trim() !== "";
    });
  }

  function write(form, data) {
    fields(form).forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "radio") { el.checked = data[el.name] === el.value; }
      else if (el.type === "checkbox") { el.checked = !!data[el.name]; }
      else { el.value = data[el.name]; }
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));  // the composer shows the type's fields
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "kring.draft." + user + "." + form.getAttribute("data-draft");
    var timer = null;
    var sent = false;
    function save() {
      if (sent) { return; }
      if (typed(form)) { localStorage.setItem(key, JSON.stringify(read(form))); }
      else { localStorage.removeItem(key); }
    }
    if (typed(form)) {
      save();  // sent back by the server with what was typed: that is the draft now
    } else {
      try {
        var kept = JSON.parse(localStorage.getItem(key) || "null");
        if (kept) { write(form, kept); }
      } catch (e) { localStorage.removeItem(key); }
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 250);
    });
    form.addEventListener("change", function () { clearTimeout(timer); save(); });
    window.addEventListener("pagehide", function () { clearTimeout(timer); save(); });
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      clearTimeout(timer);
      sent = true;  // leaving the page now must not keep it again
      localStorage.removeItem(key);
    });
  });
})();
