// Search as you type: the search page works without this file; with it, the results
// follow the text as it is typed. It fetches the same page from this site and swaps in
// its results; nothing else is sent anywhere.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var results = document.getElementById("resultater");
  var status = document.getElementById("antal");
  if (!form || !input || !results || !status || !window.fetch || !window.DOMParser) {
    return;
  }
  var timer = null;
  var latest = 0;
  function update() {
    var query = input.value.trim();
    var number = ++latest;
    var address = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
    fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        if (number !== latest) {
          return; // an older answer arrived after a newer one
        }
        var page = new DOMParser().parseFromString(text, "text/html");
        var found = page.getElementById("resultater");
        var count = page.getElementById("antal");
        if (!found || !count) {
          return;
        }
        status.textContent = count.textContent; // the same live region, so it is read
        results.replaceChildren.apply(results, Array.prototype.slice.call(found.childNodes));
        window.history.replaceState(null, "", query ? address : form.getAttribute("action"));
        document.title = page.title;
      })
      .catch(function () { /* the form still works: Enter sends it */ });
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 200);
  });
})();
