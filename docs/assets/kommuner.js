/*
 * Medborgarlöften: the table of all municipalities (/kommuner/), sortable and
 * filterable without leaving the page. The page is complete without this
 * script: a real table in Swedish alphabetical order. With it:
 * - every column header gets a button that sorts by it (again: the other
 *   way); the sorted header carries aria-sort;
 * - a labelled search field and a check box ("only overdue") filter the rows;
 * - a live region says how many rows are shown and how they are sorted.
 * Each cell's data-value is what it sorts by (the first column: the row's
 * place in Swedish order, which the server knows better than the browser).
 */
(function () {
  "use strict";

  var DIRECTION = { ascending: "stigande", descending: "fallande" };

  // "Örebro" → "orebro": letters without their accents, as a visitor may type them.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function compareValues(x, y) {
    var numeric = /^-?\d+(\.\d+)?$/;
    if (numeric.test(x) && numeric.test(y)) return parseFloat(x) - parseFloat(y);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function setUp() {
    var tools = document.querySelector("[data-ml-table-tools]");
    if (!tools || tools.hasAttribute("data-ml-ready")) return;
    var table = document.getElementById(tools.getAttribute("data-ml-table-tools"));
    if (!table || !table.tHead || !table.tBodies.length) return;
    tools.setAttribute("data-ml-ready", "");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var names = rows.map(function (row) { return fold(row.cells[0].textContent); });
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var field = tools.querySelector("input[type=search]");
    var overdueOnly = tools.querySelector("input[type=checkbox]");
    var status = tools.querySelector("[role=status]");
    var sorted = { column: 0, direction: "ascending" };

    function value(row, column) {
      return row.cells[column].getAttribute("data-value") || "";
    }

    function announce() {
      var shown = rows.filter(function (row) { return !row.hidden; }).length;
      var label = headers[sorted.column].textContent.trim();
      var count = shown === rows.length
        ? "Visar alla " + rows.length + " kommuner"
        : shown === 0 ? "Ingen kommun passar" : "Visar " + shown + " av " + rows.length + " kommuner";
      status.textContent = count + ", sorterade efter " + label.toLowerCase() + ", " + DIRECTION[sorted.direction] + ".";
    }

    function sort(column, direction) {
      var sign = direction === "ascending" ? 1 : -1;
      var ordered = rows.slice().sort(function (a, b) {
        // Equal values keep the alphabetical order.
        return sign * compareValues(value(a, column), value(b, column)) || compareValues(value(a, 0), value(b, 0));
      });
      ordered.forEach(function (row) { body.appendChild(row); });
      headers.forEach(function (header, index) {
        if (index === column) header.setAttribute("aria-sort", direction);
        else header.removeAttribute("aria-sort");
      });
      sorted = { column: column, direction: direction };
      announce();
    }

    function filter() {
      var words = fold(field.value);
      rows.forEach(function (row, index) {
        var match = names[index].indexOf(words) >= 0;
        row.hidden = !match || (overdueOnly.checked && row.getAttribute("data-overdue") !== "1");
      });
      announce();
    }

    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ml-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      var arrow = document.createElement("span");
      arrow.className = "ml-sort__arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var first = header.getAttribute("data-first") || "ascending";
        var again = sorted.column === column;
        sort(column, again ? (sorted.direction === "ascending" ? "descending" : "ascending") : first);
      });
    });
    headers[0].setAttribute("aria-sort", "ascending");
    field.addEventListener("input", filter);
    overdueOnly.addEventListener("change", filter);
    tools.hidden = false;
    filter();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
