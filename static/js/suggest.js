// @mention and #tag suggestions while typing (an ARIA combobox with a listbox).
// Fields opt in with data-suggest: "text" (a message: @ and # anywhere in it) or "person"
// (the whole field names one colleague, written @handle). Without this file the fields
// are plain, and a name nobody has is refused with suggestions by the server.
(function () {
  "use strict";
  var ENDPOINT = "/api/v1/suggestions?q=";
  // What is being typed just before the caret: @handle or #tag where a word starts.
  var TOKEN = /(^|[^\w\/@.&#])([@#])([\w.\-]{0,50})$/;
  var counter = 0;

  function Suggest(field) {
    this.field = field;
    this.mode = field.getAttribute("data-suggest");
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.asked = "";
    counter += 1;
    this.list = document.createElement("ul");
    this.list.id = "suggest-" + counter;
    this.list.className = "suggest";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", field.getAttribute("data-suggest-label") || "");
    this.list.hidden = true;
    field.parentNode.insertBefore(this.list, field.nextSibling);
    field.removeAttribute("list");  // a native datalist would pop up beside this one
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", this.list.id);
    field.setAttribute("autocomplete", "off");
    field.addEventListener("input", this.changed.bind(this));
    field.addEventListener("keydown", this.key.bind(this));
    field.addEventListener("blur", this.close.bind(this));
    this.list.addEventListener("mousedown", this.clicked.bind(this));
  }

  Suggest.prototype.token = function () {
    var field = this.field;
    if (this.mode === "person") {
      var whole = field.value.trim();
      return whole.length >= 1 ? { start: 0, text: whole.charAt(0) === "@" ? whole : "@" + whole } : null;
    }
    var before = field.value.slice(0, field.selectionStart);
    var found = TOKEN.exec(before);
    if (!found || found[3].length < 1) { return null; }
    return { start: before.length - found[2].length - found[3].length, text: found[2] + found[3] };
  };

  Suggest.prototype.changed = function () {
    var self = this;
    clearTimeout(this.timer);
    var token = this.token();
    if (!token) { this.close(); return; }
    this.timer = setTimeout(function () { self.ask(token.text); }, 120);
  };

  Suggest.prototype.ask = function (text) {
    var self = this;
    this.asked = text;
    fetch(ENDPOINT + encodeURIComponent(text), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        var token = self.token();
        if (!data || !token || token.text !== text) { return; }  // typed on meanwhile
        self.show(self.mode === "person"
          ? data.items.filter(function (i) { return i.kind === "person"; })
          : data.items);
      })
      .catch(function () { self.close(); });
  };

  Suggest.prototype.show = function (items) {
    var list = this.list;
    var groupWord = this.field.getAttribute("data-suggest-group") || "";
    this.items = items;
    this.active = items.length ? 0 : -1;
    list.textContent = "";
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("data-index", String(i));
      option.className = "suggest__option";
      var main = document.createElement("span");
      var detail = document.createElement("span");
      detail.className = "suggest__detail";
      if (item.kind === "tag") {
        main.textContent = "#" + item.handle;
        detail.textContent = String(item.count);
      } else {
        main.textContent = item.name + " (" + item.handle + ")";
        detail.textContent = item.detail === "group" ? groupWord : item.detail;
      }
      option.appendChild(main);
      if (detail.textContent) { option.appendChild(detail); }
      list.appendChild(option);
    });
    list.style.top = (this.field.offsetTop + this.field.offsetHeight) + "px";
    list.style.left = this.field.offsetLeft + "px";
    list.style.width = this.field.offsetWidth + "px";
    list.hidden = !items.length;
    this.field.setAttribute("aria-expanded", items.length ? "true" : "false");
    this.mark();
  };

  Suggest.prototype.mark = function () {
    var active = this.active;
    Array.prototype.forEach.call(this.list.children, function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    if (active >= 0) {
      this.field.setAttribute("aria-activedescendant", this.list.id + "-" + active);
    } else {
      this.field.removeAttribute("aria-activedescendant");
    }
  };

  Suggest.prototype.close = function () {
    clearTimeout(this.timer);
    this.items = [];
    this.active = -1;
    this.list.hidden = true;
    this.field.setAttribute("aria-expanded", "false");
    this.field.removeAttribute("aria-activedescendant");
  };

  Suggest.prototype.key = function (event) {
    if (this.list.hidden) { return; }
    var count = this.items.length;
    if (event.key === "ArrowDown") {
      this.active = (this.active + 1) % count;
    } else if (event.key === "ArrowUp") {
      this.active = (this.active - 1 + count) % count;
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (this.active < 0) { return; }
      this.pick(this.active);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    this.mark();
  };

  Suggest.prototype.clicked = function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) { return; }
    event.preventDefault();  // keep the focus in the field
    this.pick(Number(option.getAttribute("data-index")));
  };

  Suggest.prototype.pick = function (index) {
    var item = this.items[index];
    var token = this.token();
    if (!item || !token) { this.close(); return; }
    var field = this.field;
    var written = (item.kind === "tag" ? "#" : "@") + item.handle;
    if (this.mode === "person") {
      field.value = written;
    } else {
      var end = field.selectionStart;
      var after = field.value.slice(end);
      var insert = written + (after.charAt(0) === " " ? "" : " ");
      field.value = field.value.slice(0, token.start) + insert + after;
      field.selectionStart = field.selectionEnd = token.start + insert.length;
    }
    this.close();
    field.dispatchEvent(new Event("change", { bubbles: true }));
  };

  document.querySelectorAll("[data-suggest]").forEach(function (field) {
    if (window.fetch) { field.kringSuggest = new Suggest(field); }
  });
})();
