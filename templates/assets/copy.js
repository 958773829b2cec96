// "Copy" buttons for the permanent link and citations. Without JavaScript the text stays
// selectable and the buttons stay hidden. A relative permalink is made absolute from the page URL.
(function () {
  "use strict";
  var input = document.getElementById("permalink");
  if (input && input.dataset.absolute !== "yes") {
    var absolute = new URL(input.value, window.location.href).href;
    input.value = absolute;
    Array.prototype.forEach.call(document.querySelectorAll(".cite-url"), function (el) { el.textContent = absolute; });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".copy-button"), function (button) {
    var target = document.querySelector(button.dataset.copy);
    if (!target || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = "value" in target && target.tagName === "INPUT" ? target.value : target.textContent;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        if (target.select) target.select();
        button.textContent = "Press Ctrl+C to copy";
      });
    });
  });
})();
