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
 * - every block in the content that scrolls (a wide table, anything the
 *   CSS cannot keep from scrolling; code blocks wrap instead) can be reached
 *   and scrolled by keyboard and has a name;
 * - the theme's language selector does not fetch a sitemap beside each feed;
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

  /* A name for a scrolling block: its table's caption, else the heading
     just before it, else what it is. */
  function scrollerName(element) {
    var caption = element.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var kind = element.querySelector("table") || element.tagName === "TABLE" ? "Tabell"
      : element.tagName === "CODE" ? "Kodexempel" : "Rullande innehåll";
    for (var node = element; node && !node.classList.contains("md-content"); node = node.parentElement) {
      for (var before = node.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) return kind + ": " + before.textContent.trim();
      }
    }
    return kind;
  }

  function scrolls(element) {
    var style = getComputedStyle(element);
    var sideways = element.scrollWidth > element.clientWidth + 1 && /auto|scroll/.test(style.overflowX);
    var down = element.scrollHeight > element.clientHeight + 1 && /auto|scroll/.test(style.overflowY);
    return sideways || down;
  }

  /* Blocks in the content that scroll (WCAG 2.1.1): focusable, so arrow keys
     scroll them, with a ring (medborgarloften.css) and a name. The theme wraps
     tables in a box that scrolls sideways when needed; the rest is whatever
     else scrolls. Checked again when the width changes. */
  function setUpScrollers() {
    var content = document.querySelector(".md-content");
    if (!content) return;
    Array.prototype.forEach.call(content.querySelectorAll("*"), function (element) {
      var ours = element.hasAttribute("data-ml-scroller");
      if (scrolls(element)) {
        // The theme makes a scrolling code block focusable, without a name.
        if (ours || element.hasAttribute("role") || element.hasAttribute("aria-label")) return;
        element.setAttribute("data-ml-scroller", "");
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "region");
        element.setAttribute("aria-label", scrollerName(element));
        element.classList.add("ml-scrolls");
      } else if (ours) {
        element.removeAttribute("data-ml-scroller");
        element.removeAttribute("tabindex");
        element.removeAttribute("role");
        element.removeAttribute("aria-label");
        element.classList.remove("ml-scrolls");
      }
    });
  }

  var pending = false;
  function scrollersSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      setUpScrollers();
    });
  }

  function editable(element) {
    return element && element.nodeType === 1 &&
      (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  /* Material's language selector fetches sitemap.xml beside every
     <link rel="alternate"> when the page is ready (its selector is exactly
     link[rel=alternate]), feeds included: a 404 beside a municipality's or a
     promise's feed, and the whole site's sitemap (megabytes nationally) beside
     the national one, on every page. The feeds' links say "alternate feed"
     while the theme looks (this file runs before DOMContentLoaded; the theme
     listened first, so its handler has run when ours does) and "alternate"
     again after, for browser extensions that look for feeds. The HTML sent
     says "alternate" throughout; without JavaScript nothing is fetched. */
  /* The same for the page's other languages (<link rel="alternate" hreflang>):
     a sitemap.xml beside each of them. */
  var feeds = document.querySelectorAll('link[rel="alternate"][type="application/rss+xml"], link[rel="alternate"][hreflang]');
  Array.prototype.forEach.call(feeds, function (link) { link.setAttribute("rel", "alternate feed"); });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(feeds, function (link) { link.setAttribute("rel", "alternate"); });
  }, { once: true });

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
      window.addEventListener("resize", scrollersSoon);
      window.addEventListener("load", scrollersSoon);
    }
    setUpScrollers();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
