// "Kopiera länk" in the share links: copy the page's address instead of
// following the link, and say so to screen readers through the status line.
// Without this script (or a clipboard) the link simply is the address.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-ml-copy]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  var status = link.closest(".ml-share").querySelector(".ml-share__status");
  navigator.clipboard.writeText(link.href).then(
    // The words come in the page's language from the template (data-ml-*).
    function () { status.textContent = status.getAttribute("data-ml-copied") || "Länken är kopierad."; },
    function () { status.textContent = (status.getAttribute("data-ml-failed") || "Länken kunde inte kopieras. Adressen är") + " " + link.href; }
  );
});
