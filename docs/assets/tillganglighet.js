/*
 * Medborgarlöften: keyboard and screen reader fixes for Material for MkDocs.
 *
 * The theme opens its menu drawer and, on small screens, its search with
 * <label> elements for hidden checkboxes: a mouse can use them, a keyboard
 * cannot reach them and a screen reader finds no name. Here each such label
 * gets a real <button> beside it (the label stays for browsers without
 * JavaScript). Also:
 * - the drawer takes the focus when it opens, closes on Escape or when the
 *   focus leaves it, and gives the focus back to the menu button; in an
 *   open section of the menu, Escape goes back one level;
 * - the search dialog gets a name and its result count is announced;
 * - a table that scrolls sideways can be reached and scrolled by keyboard;
 * - the theme's one-letter shortcuts (s, f, /, n, p, ...) are switched off
 *   (WCAG 2.1.4: speech input and stray keys must not trigger them).
 * The CSS that goes with this is in medborgarloften.css.
 */
(function () {
  "use strict";

  var DRAWER_MEDIA = "(max-width: 76.234375em)"; // the theme's drawer breakpoint
  var SEARCH_MEDIA = "(max-width: 59.984375em)"; // search behind an icon below this
  var done = false;

  function toggle(name) {
    return document.querySelector('input[data-md-toggle="' + name + '"]');
  }

  function focusables(root) {
    return Array.prototype.filter.call(
      root.querySelectorAll("a[href], button, input:not([type=hidden]):not(.md-toggle), [tabindex]:not([tabindex='-1'])"),
      function (element) { return element.getClientRects().length > 0 && getComputedStyle(element).visibility === "visible"; }
    );
  }

  /* A real button beside a <label for="..."> that clicks the checkbox. */
  function buttonFor(name, selector, text, keepLabel) {
    var input = toggle(name);
    var label = input && document.querySelector(selector + '[for="' + input.id + '"]');
    if (!input || !label) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " ml-toggle-button";
    button.setAttribute("data-ml-for", input.id);
    button.setAttribute("aria-label", text);
    button.setAttribute("aria-expanded", String(input.checked));
    Array.prototype.forEach.call(label.childNodes, function (node) {
      button.appendChild(node.cloneNode(true));
    });
    Array.prototype.forEach.call(button.querySelectorAll("svg"), function (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    });
    if (!keepLabel) label.hidden = true;
    label.parentNode.insertBefore(button, label);
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(input.checked));
    });
    return button;
  }

  function headerButton(name, text) {
    return buttonFor(name, ".md-header label.md-header__button", text);
  }

  function setUpDrawer() {
    var input = toggle("drawer");
    var button = headerButton("drawer", "Meny");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!input || !button || !drawer) return;
    if (!drawer.id) drawer.id = "ml-meny";
    button.setAttribute("aria-controls", drawer.id);
    var media = window.matchMedia(DRAWER_MEDIA);

    function close(returnFocus) {
      if (input.checked) input.click();
      if (returnFocus) button.focus();
    }
    input.addEventListener("change", function () {
      if (!input.checked || !media.matches) return;
      // After the theme has made the drawer visible (medborgarloften.css).
      window.requestAnimationFrame(function () {
        var first = focusables(drawer)[0];
        if (first) first.focus();
      });
    });
    drawer.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !input.checked || !media.matches) return;
      event.preventDefault();
      // In an open section of the menu (a panel of its own): back one level.
      var panel = event.target.closest && event.target.closest('.md-nav--primary .md-nav[data-md-level]:not([data-md-level="0"])');
      var section = panel && panel.parentElement.querySelector(":scope > input.md-nav__toggle");
      if (section && section.checked) {
        section.click();
        var opener = drawer.querySelector('label.md-nav__link[for="' + section.id + '"]');
        if (opener) opener.focus();
        return;
      }
      close(true);
    });
    drawer.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (!input.checked || !media.matches || !next) return;
      if (!drawer.contains(next) && next !== button) close(false);
    });
  }

  function setUpSearch() {
    var input = toggle("search");
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Sök på webbplatsen");
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) {
      meta.setAttribute("role", "status");
      meta.setAttribute("aria-live", "polite");
    }
    var button = headerButton("search", "Sök");
    // On small screens the open search covers the page; this closes it.
    // The label stays: on large screens it is the search box's magnifier icon.
    buttonFor("search", ".md-search__form label.md-search__icon", "Stäng sökningen", true);
    if (!input || !button) return;
    var media = window.matchMedia(SEARCH_MEDIA);
    var query = document.querySelector(".md-search__input");
    input.addEventListener("change", function () {
      if (!media.matches) return;
      if (input.checked && query) {
        window.requestAnimationFrame(function () { query.focus(); });
      } else if (!input.checked) {
        // After Escape the theme leaves the focus nowhere: back to the button.
        window.setTimeout(function () {
          var active = document.activeElement;
          if (!active || active === document.body || (dialog && dialog.contains(active))) button.focus();
        }, 0);
      }
    });
  }

  /* Tables: the theme wraps them in a box that scrolls sideways when needed. */
  function setUpTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabell, rulla i sidled");
        wrap.classList.add("ml-scrolls");
      } else if (wrap.classList.contains("ml-scrolls")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        wrap.classList.remove("ml-scrolls");
      }
    });
  }

  function editable(element) {
    return element && element.nodeType === 1 &&
      (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  /* Capturing on window: runs before the theme's own (bubbling) listener there. */
  var SHORTCUTS = ["f", "s", "/", "n", ".", "p", ","];
  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || SHORTCUTS.indexOf(event.key) < 0) return;
    var search = toggle("search");
    if (search && search.checked) return; // the theme's search mode: keys go to the search box
    if (editable(event.target)) return;
    event.stopImmediatePropagation();
  }, true);

  function setUp() {
    if (!done) {
      done = true;
      setUpDrawer();
      setUpSearch();
      window.addEventListener("resize", setUpTables);
      window.addEventListener("load", setUpTables);
    }
    setUpTables();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
