// Upload progress, as an improvement: a form with data-progress is sent
// by XMLHttpRequest so its <progress> can show how much has gone; the
// answer then replaces the page, as the plain form post would. Without
// this script the form posts as usual.
(function () {
  "use strict";
  function enhance(form) {
    var bar = document.getElementById(form.getAttribute("data-progress"));
    var status = document.getElementById(form.getAttribute("data-progress") + "-status");
    if (!bar || !window.FormData || !window.XMLHttpRequest) {
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
      }
      bar.parentElement.hidden = false;
      bar.value = 0;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.round((100 * e.loaded) / e.total);
          bar.value = pct;
          if (status) {
            status.textContent = pct + "%";
          }
        }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 300 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.assign(xhr.responseURL);
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        // The network failed: post the form the plain way instead.
        form.submit();
      });
      xhr.send(new FormData(form));
    });
  }
  document.querySelectorAll("form[data-progress]").forEach(enhance);
})();
