// The demo player page: reads content_kind, content_id and token from the query string (or the
// form), attaches the engagement tracker to the video and shows what it sends and gets back.
// window.__trackerErrors, __trackerAnswers and __trackerSent are there for automated tests.
(function () {
  "use strict";
  window.__trackerErrors = [];
  window.__trackerAnswers = [];
  window.__trackerSent = [];
  window.__tracker = null;

  var video = document.getElementById("video");
  var form = document.getElementById("setup");
  var kind = document.getElementById("content-kind");
  var id = document.getElementById("content-id");
  var token = document.getElementById("token");

  function show(elementId, text) {
    document.getElementById(elementId).textContent = text;
  }

  var params = new URLSearchParams(location.search);
  if (params.get("content_kind")) {
    kind.value = params.get("content_kind");
  }
  if (params.get("content_id")) {
    id.value = params.get("content_id");
  }
  if (params.get("token")) {
    token.value = params.get("token");
  }

  video.addEventListener("timeupdate", function () {
    show("position", video.currentTime.toFixed(1) + " s of " + video.duration.toFixed(1) + " s");
  });

  function start() {
    if (window.__tracker) {
      window.__tracker.detach();
    }
    var endpoint = new URL("../api/v1/videos/engagement/heartbeat", location.href).pathname;
    window.__tracker = EngagementTracker.attach(video, {
      endpoint: endpoint,
      contentKind: kind.value,
      contentId: id.value.trim(),
      getToken: function () {
        return token.value.trim();
      },
      onError: function (failure) {
        window.__trackerErrors.push(failure);
        var item = document.createElement("li");
        item.textContent =
          (failure.status || "network") + " " + failure.detail + (failure.retrying ? " (retrying)" : "");
        document.getElementById("errors").appendChild(item);
      },
      onHeartbeat: function (answer, sent) {
        window.__trackerAnswers.push(answer);
        window.__trackerSent.push(sent);
        show("answers", String(window.__trackerAnswers.length));
        show("last-sent", JSON.stringify(sent));
        show("last-answer", JSON.stringify(answer));
      }
    });
    show("state", "attached to " + kind.value + " " + id.value);
    var playing = video.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(function (e) {
        show("state", "attached; press play (" + e.name + ")");
      });
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    start();
  });
  if (token.value.trim() && id.value) {
    start();
  }
})();
