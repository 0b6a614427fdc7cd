// The site's own rules for Decap CMS on /admin/.
//
// Loaded before decap-cms.js: Decap waits for CMS.init(), so a published site
// whose mkdocs.yml names no repository shows a Swedish page saying so instead
// of Decap's English configuration error (data-start, from editor.py); under
// make redaktor Decap always starts, with its local backend.
//
// Decap has no rule across two fields and writes empty fields as "" or {}:
// before every save, an image without alternative text is refused with a
// Swedish message, and empty values are left out, so the file looks like a
// hand-written one and `make check` reads no blank field.
window.CMS_MANUAL_INIT = true;

(function () {
  "use strict";

  function blank(value) {
    return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
  }

  // Immutable values as Decap keeps them: Map and List have .toJS and .filter.
  function clean(value) {
    if (value && typeof value.toJS === "function" && typeof value.filter === "function") {
      var cleaned = value.map(clean).filter(function (item) {
        return !blank(item) && !(item && typeof item.size === "number" && typeof item.toJS === "function" && item.size === 0);
      });
      return cleaned;
    }
    return value;
  }

  function beforeSave(event) {
    var data = event.entry.get("data");
    if (!blank(data.get("image")) && blank(data.get("image_alt"))) {
      throw new Error(
        "Bilden saknar alternativtext. Skriv i fältet »Alternativtext till bilden« vad bilden visar, eller ta bort bilden."
      );
    }
    var body = data.get("body");
    var result = clean(data.delete("body"));
    // draft: false says nothing; only a draft is marked.
    if (result.get("draft") === false) {
      result = result.delete("draft");
    }
    return body === undefined ? result : result.set("body", body);
  }

  function start() {
    if (document.documentElement.getAttribute("data-start") !== "ja") {
      document.getElementById("inte-installd").hidden = false;
      return;
    }
    window.CMS.registerEventListener({ name: "preSave", handler: beforeSave });
    window.CMS.init();
  }

  // decap-cms.js has run by then: it is the next script in the page.
  document.addEventListener("DOMContentLoaded", start);
})();
