// Suggestions for the long filter lists (records/filters.py SuggestInput): as the reader
// types in an input with data-suggest, ask that URL for the choices naming the words and
// offer them in the input's <datalist>. Without this script the value can still be typed.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function fill(list, results) {
    list.replaceChildren();
    results.forEach(function (choice) {
      var option = document.createElement("option");
      option.value = choice.value;
      option.label = choice.label;
      option.textContent = choice.label;
      list.appendChild(option);
    });
  }

  function watch(input) {
    var list = input.list;
    var timer = null;
    var asked = "";
    if (!list) {
      return;
    }
    input.addEventListener("input", function () {
      var words = input.value.trim();
      window.clearTimeout(timer);
      if (!words || words === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = words;
        var url = input.dataset.suggest + "?q=" + encodeURIComponent(words);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (body) {
            if (input.value.trim() === words) {
              fill(list, body.results);
            }
          })
          .catch(function () {});
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(watch);
})();
