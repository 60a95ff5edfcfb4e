// The kiosk: a number is taken with one touch, so a second touch while
// the first is on its way must not take another. The forms work without
// this script; it only refuses repeated submits and shows a refusal.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset.sent) {
      e.preventDefault();
      return;
    }
    form.dataset.sent = "1";
  });
  // A refusal may be below the fold of a small screen: bring it up.
  var refusal = document.querySelector(".kiosk-error");
  if (refusal) {
    refusal.scrollIntoView({block: "center"});
  }
  // Back on the page from the browser's history, the forms work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (f) {
      delete f.dataset.sent;
    });
  });
})();
