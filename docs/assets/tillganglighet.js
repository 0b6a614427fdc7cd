/*
 * Medborgarlöften: keyboard and screen reader fixes for Material for MkDocs.
 *
 * The theme opens its menu drawer with a <label> element for a hidden
 * checkbox: a mouse can use it, a keyboard cannot reach it and a screen
 * reader finds no name. Here the label gets a real <button> beside it (the
 * label stays for browsers without JavaScript). Also:
 * - the drawer takes the focus when it opens, closes on Escape or when the
 *   focus leaves it, and gives the focus back to the menu button; in an
 *   open section of the menu, Escape goes back one level;
 * - a table that scrolls sideways can be reached and scrolled by keyboard;
 * - the theme's one-letter shortcuts (s, f, /, n, p, ...) are switched off
 *   (WCAG 2.1.4: speech input and stray keys must not trigger them).
 * The CSS that goes with this is in medborgarloften.css.
 */
(function () {
  "use strict";

  var DRAWER_MEDIA = "(max-width: 76.234375em)"; // the theme's drawer breakpoint
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
    if (editable(event.target)) return;
    event.stopImmediatePropagation();
  }, true);

  function setUp() {
    if (!done) {
      done = true;
      setUpDrawer();
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
