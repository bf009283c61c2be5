// Keeps what someone types in a form marked data-keep-draft="key" in this browser's storage, so
// a dropped connection or a closed tab loses nothing. The server keeps its own copy (htmx
// autosave); this one covers the moments the network is gone. A page that shows the form was
// saved carries data-draft-saved="key", which forgets the local copy. No framework needed.
(function () {
  "use strict";
  var PREFIX = "sikap-draft:";

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" && el.type !== "submit";
    });
  }

  function save(form) {
    var data = {};
    fields(form).forEach(function (el) { data[el.name] = el.value; });
    try { localStorage.setItem(PREFIX + form.dataset.keepDraft, JSON.stringify(data)); } catch (e) { /* full or off */ }
  }

  function restore(form) {
    var raw;
    try { raw = localStorage.getItem(PREFIX + form.dataset.keepDraft); } catch (e) { return; }
    if (!raw) { return; }
    var data = JSON.parse(raw);
    var empty = fields(form).every(function (el) { return !el.value || el.tagName === "SELECT"; });
    if (!empty) { return; } // the server already filled it in: its copy wins
    fields(form).forEach(function (el) { if (data[el.name] !== undefined) { el.value = data[el.name]; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-draft-saved]").forEach(function (el) {
      try { localStorage.removeItem(PREFIX + el.dataset.draftSaved); } catch (e) { /* nothing kept */ }
    });
    document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
      restore(form);
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
    });
  });
})();
