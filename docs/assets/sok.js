/*
 * Medborgarlöften: the search page (/sok/, overrides/sok.html).
 * The search box in every page's header sends its words here as ?q=: they
 * go into Pagefind's search box and are searched at once. What is typed
 * here goes back into the address, so the back button and a copied link
 * show the same search.
 */
(function () {
  "use strict";

  function inputOf(host) {
    return new Promise(function (resolve) {
      var found = host.querySelector("input");
      if (found) return resolve(found);
      var observer = new MutationObserver(function () {
        var input = host.querySelector("input");
        if (!input) return;
        observer.disconnect();
        resolve(input);
      });
      observer.observe(host, { childList: true, subtree: true });
    });
  }

  var host = document.querySelector("pagefind-input");
  if (!host || !window.customElements) return;
  window.customElements.whenDefined("pagefind-input").then(function () {
    // Pagefind's Swedish says "Sök på denna sida" (this page) for the box: it searches the site.
    var components = window.PagefindComponents;
    if (components && components.getInstanceManager) {
      components.getInstanceManager().getInstance("default").setTranslations({ search_label: "Sök på webbplatsen" });
    }
    return inputOf(host);
  }).then(function (input) {
    // Searching is what the page is for: the box gets the focus.
    input.focus();
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    if (query) {
      input.value = query;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    input.addEventListener("input", function () {
      var url = new URL(window.location.href);
      if (input.value.trim()) url.searchParams.set("q", input.value);
      else url.searchParams.delete("q");
      window.history.replaceState(window.history.state, "", url);
    });
  });
})();
