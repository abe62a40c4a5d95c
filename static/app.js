// gazette: small progressive enhancements. The page works fully without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Ticking a facet checkbox applies it at once (without JS: the "Apply filters" button).
  document.querySelectorAll('.facets input[type="checkbox"][form]').forEach(function (box) {
    box.addEventListener("change", function () {
      var form = box.form;
      if (form && typeof form.requestSubmit === "function") { form.requestSubmit(); }
      else if (form) { form.submit(); }
    });
  });

  // Type-to-filter for long facet lists: hides non-matching values, opens "Show more".
  document.querySelectorAll("input[data-facet-filter]").forEach(function (input) {
    var box = document.getElementById(input.getAttribute("data-facet-filter"));
    if (!box) { return; }
    input.hidden = false;
    var more = box.querySelector("details.facet-more");
    var wasOpen = more ? more.open : false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      box.querySelectorAll(".facet-values li").forEach(function (item) {
        var label = item.querySelector(".facet-label");
        var text = label ? label.textContent.toLowerCase() : "";
        item.hidden = needle !== "" && text.indexOf(needle) === -1;
      });
      if (more) { more.open = needle !== "" || wasOpen; }
    });
  });
})();
