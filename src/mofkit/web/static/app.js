// mofkit registry: small progressive enhancements, no third-party code.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Copy buttons for badge snippets.
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-target"));
      var status = document.getElementById("copy-status");
      if (!input) { return; }
      var done = function () {
        button.textContent = "Copied";
        if (status) { status.textContent = "Copied: " + input.value; }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          input.select(); document.execCommand("copy"); done();
        });
      } else {
        input.select(); document.execCommand("copy"); done();
      }
    });
  });
  // Filters: open on wide screens, behind their button on phones.
  var box = document.getElementById("filter-box");
  if (box && window.matchMedia && window.matchMedia("(min-width: 761px)").matches) {
    box.open = true;
  }
  // Filters apply as soon as a select changes.
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { filters.submit(); });
    });
  }
  // Compare: between two and four models.
  var compare = document.getElementById("compare-form");
  if (compare) {
    compare.addEventListener("submit", function (event) {
      var ticked = compare.querySelectorAll("input[name=m]:checked").length;
      if (ticked < 2 || ticked > 4) {
        event.preventDefault();
        alert("Tick two to four models to compare.");
      }
    });
  }
});
