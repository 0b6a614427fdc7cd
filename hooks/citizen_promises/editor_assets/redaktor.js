// The site's own rules for Decap CMS (loaded after decap-cms.js on /admin/).
// Decap has no rule across two fields and writes empty fields as "" or {}:
// before every save, an image without alternative text is refused with a
// Swedish message, and empty values are left out, so the file looks like a
// hand-written one and `make check` reads no blank field.
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

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
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
    },
  });
})();
