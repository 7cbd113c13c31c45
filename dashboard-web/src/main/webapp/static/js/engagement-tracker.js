/*
 * Lessonwatch engagement tracker: reports how a learner watches one lesson video.
 * Dependency-free; served by the service at /static/js/engagement-tracker.js.
 *
 *   var tracker = EngagementTracker.attach(videoElement, {
 *     contentKind: "lms_lesson",         // or "exam_prep_lesson"
 *     contentId: "42",                   // the lesson's id: a string of digits, or a number
 *     getToken: function () { ... },     // the learner's JWT: a string or a Promise of one
 *     endpoint: "/api/v1/videos/engagement/heartbeat",  // default
 *     intervalMs: 10000,                 // heartbeat period while playing (default 10 s)
 *     onError: function (failure) { },   // optional; {status, detail, retrying, final}
 *     onHeartbeat: function (answer, sent) { }  // optional; the 200 answer and the body sent
 *                                        // (there content_id is the string of digits)
 *   });
 *   tracker.flush();   // send what has been played now (returns a Promise, never rejects)
 *   tracker.detach();  // flush, then stop listening to the video
 *
 * What it sends: POST <endpoint> with "Authorization: Bearer <token>" and a JSON body
 * {content_kind, content_id, position_sec, duration_sec (when the video's duration is known),
 *  ended, played: [[from, to], ...]}, where played lists the media-time ranges actually played
 * since the previous heartbeat, in the order played. A heartbeat goes out every intervalMs while
 * the video plays, and on pause, after a seek, on end (with ended: true) and when the page is
 * hidden or left (pagehide, visibilitychange to hidden).
 *
 * Content ids are 64-bit integers; JavaScript numbers are exact only up to 2^53, so pass the id
 * as a string of digits (it is sent as a JSON number, digit for digit). A number is accepted when
 * it is a safe integer.
 *
 * Played ranges: consecutive timeupdate events extend the current range; a seek, a jump of more
 * than 1.5 s beyond what the elapsed time explains, or going backwards starts a new range.
 * Ranges shorter than 0.25 s are ignored.
 *
 * Failures: a network error, 5xx or 429 is retried once after about a second; if that fails too,
 * the unsent ranges go out with the next heartbeat (at most 100 ranges per heartbeat: overlapping
 * or touching ranges are merged first, anything beyond 100 waits for the following heartbeat).
 * Other errors (400, 401, 404, 422, ...) are reported to onError and not retried; after a 401
 * the ranges are kept, as the next getToken() may return a fresh token. The tracker never throws
 * into the page.
 *
 * Token and unload: the token travels only in the Authorization header. Every request is a
 * fetch() with keepalive: true, so a heartbeat still in flight survives the page being closed,
 * and the last stretch is flushed on pagehide the same way. navigator.sendBeacon is not used: it
 * cannot set an Authorization header, and the token must not travel in a URL or a cookie. For the
 * unload flush, when getToken() returns a Promise, the most recently obtained token is used (an
 * unloading page cannot wait for a new one).
 *
 * Another origin: a page on the LMS's own origin loads this script from the service and passes the
 * endpoint's full URL (https://<service>/api/v1/videos/engagement/heartbeat); the service's admin
 * lists that origin in engagement.cors.allowed-origins. Requests are sent without credentials
 * (cookies): the token is in the header. From an origin that is not listed the browser refuses
 * the preflight, and each heartbeat fails as a network error (status 0).
 */
(function (root) {
  "use strict";

  var DEFAULT_ENDPOINT = "/api/v1/videos/engagement/heartbeat";
  var MAX_TIME = 86400;
  var MAX_RANGES = 100;
  var MIN_RANGE_SEC = 0.25;
  var MAX_JUMP_SEC = 1.5;
  var RETRY_DELAY_MS = 1000;

  function round3(x) {
    return Math.round(x * 1000) / 1000;
  }

  function clampTime(x) {
    return Math.min(MAX_TIME, Math.max(0, x));
  }

  /**
   * Ranges of media time played, from the positions a playing video reports. Kept apart from
   * the DOM so that it can be tested on its own: observe(t, wallMs) for each timeupdate while
   * playing, interrupt() on seeking, stop(t) on pause/end, take() for a heartbeat's ranges.
   */
  function PlayedRanges() {
    this.current = null; // {from, to, wall}
    this.closed = [];
  }

  PlayedRanges.prototype.observe = function (t, wallMs) {
    if (typeof t !== "number" || !isFinite(t)) {
      return;
    }
    var c = this.current;
    if (c === null) {
      this.current = { from: t, to: t, wall: wallMs };
      return;
    }
    var delta = t - c.to;
    var elapsed = Math.max(0, (wallMs - c.wall) / 1000);
    if (delta >= -0.05 && delta <= elapsed * 2 + MAX_JUMP_SEC) {
      // Continuous playback (even at up to 2x speed or with throttled timeupdate events).
      if (delta > 0) {
        c.to = t;
      }
      c.wall = wallMs;
    } else {
      this.interrupt();
      this.current = { from: t, to: t, wall: wallMs };
    }
  };

  /** A seek (or anything else that leaves the current position): closes the current range. */
  PlayedRanges.prototype.interrupt = function () {
    if (this.current !== null) {
      this.keep(this.current.from, this.current.to);
      this.current = null;
    }
  };

  /** Playback stopped at t (pause or end): extends the current range to t if that is continuous. */
  PlayedRanges.prototype.stop = function (t, wallMs) {
    this.observe(t, wallMs);
    this.interrupt();
  };

  PlayedRanges.prototype.keep = function (from, to) {
    from = clampTime(from);
    to = clampTime(to);
    if (to - from >= MIN_RANGE_SEC) {
      this.closed.push([round3(from), round3(to)]);
    }
  };

  /**
   * The ranges to send now: the closed ones and the current one up to its latest position (which
   * then continues from there), at most 100. Call giveBack() with them if they could not be sent.
   */
  PlayedRanges.prototype.take = function () {
    var c = this.current;
    if (c !== null && c.to - c.from >= MIN_RANGE_SEC) {
      this.keep(c.from, c.to);
      c.from = c.to;
    }
    if (this.closed.length > MAX_RANGES) {
      this.closed = merge(this.closed);
    }
    var taken = this.closed.slice(0, MAX_RANGES);
    this.closed = this.closed.slice(MAX_RANGES);
    return taken;
  };

  PlayedRanges.prototype.giveBack = function (ranges) {
    this.closed = ranges.concat(this.closed);
    if (this.closed.length > MAX_RANGES) {
      this.closed = merge(this.closed);
    }
  };

  /** Whether anything of at least the minimum length has been played and not taken yet. */
  PlayedRanges.prototype.hasNews = function () {
    var c = this.current;
    return this.closed.length > 0 || (c !== null && c.to - c.from >= MIN_RANGE_SEC);
  };

  /** The union of ranges, in time order: the same seconds watched in fewer ranges. */
  function merge(ranges) {
    var sorted = ranges.slice().sort(function (a, b) {
      return a[0] - b[0];
    });
    var out = [];
    for (var i = 0; i < sorted.length; i++) {
      var last = out[out.length - 1];
      if (last && sorted[i][0] <= last[1]) {
        last[1] = Math.max(last[1], sorted[i][1]);
      } else {
        out.push([sorted[i][0], sorted[i][1]]);
      }
    }
    return out;
  }

  function safely(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (e) {
        return undefined;
      }
    };
  }

  /** The content id as the digits of a positive 64-bit integer, or null. */
  function contentIdDigits(id) {
    var digits = typeof id === "number" && Number.isSafeInteger(id) ? String(id) : id;
    if (typeof digits !== "string" || !/^[1-9][0-9]{0,18}$/.test(digits)) {
      return null;
    }
    return digits.length < 19 || digits <= "9223372036854775807" ? digits : null;
  }

  function attach(video, options) {
    options = options || {};
    var contentId = contentIdDigits(options.contentId);
    if (contentId === null) {
      throw new Error("contentId must be a positive 64-bit integer, as a string of digits");
    }
    var endpoint = options.endpoint || DEFAULT_ENDPOINT;
    var intervalMs = options.intervalMs > 0 ? options.intervalMs : 10000;
    var ranges = new PlayedRanges();
    var lastToken = null;
    var reportedPosition = null; // floored position of the last heartbeat sent (or under way)
    var endedReported = false; // whether a heartbeat with ended: true was sent since the last play
    var queue = Promise.resolve();
    var detached = false;
    var timer = null;

    var report = safely(function (failure) {
      if (typeof options.onError === "function") {
        options.onError(failure);
      }
    });
    var acknowledge = safely(function (answer, body) {
      if (typeof options.onHeartbeat === "function") {
        options.onHeartbeat(answer, body);
      }
    });

    function now() {
      return Date.now();
    }

    function position() {
      var t = video.currentTime;
      return typeof t === "number" && isFinite(t) ? clampTime(t) : 0;
    }

    function body(ended, played) {
      var b = {
        content_kind: options.contentKind,
        content_id: contentId,
        position_sec: round3(position()),
        ended: ended
      };
      var d = video.duration;
      if (typeof d === "number" && isFinite(d) && d > 0) {
        b.duration_sec = round3(Math.min(MAX_TIME, d));
      }
      if (played.length > 0) {
        b.played = played;
      }
      return b;
    }

    /** The token, or a Promise of it; remembers the latest one for the unload flush. */
    function token() {
      var t;
      try {
        t = options.getToken ? options.getToken() : null;
      } catch (e) {
        t = null;
      }
      if (t && typeof t.then === "function") {
        return Promise.resolve(t).then(function (value) {
          if (value) {
            lastToken = String(value);
          }
          return value ? String(value) : null;
        });
      }
      if (t) {
        lastToken = String(t);
      }
      return t ? String(t) : null;
    }

    /** JSON, with content_id as a number written digit for digit (it may exceed 2^53). */
    function serialize(b) {
      return JSON.stringify(b).replace(
        '"content_id":"' + contentId + '"',
        '"content_id":' + contentId
      );
    }

    function post(tokenValue, json) {
      return fetch(endpoint, {
        method: "POST",
        keepalive: true,
        credentials: "omit",
        headers: { Authorization: "Bearer " + tokenValue, "Content-Type": "application/json" },
        body: json
      });
    }

    function problemDetail(response) {
      return response.text().then(
        function (text) {
          try {
            var p = JSON.parse(text);
            return (p && (p.detail || p.title)) || text;
          } catch (e) {
            return text;
          }
        },
        function () {
          return "";
        }
      );
    }

    /**
     * One attempt: resolves to {ok, retryable, status, detail, answer}; never rejects.
     */
    function attempt(b) {
      return Promise.resolve(token())
        .then(function (t) {
          if (!t) {
            return { ok: false, retryable: false, keep: true, status: 0, detail: "no token" };
          }
          return post(t, serialize(b)).then(
            function (response) {
              if (response.ok) {
                return response.json().then(
                  function (answer) {
                    return { ok: true, status: response.status, answer: answer };
                  },
                  function () {
                    return { ok: true, status: response.status, answer: null };
                  }
                );
              }
              var s = response.status;
              return problemDetail(response).then(function (detail) {
                return {
                  ok: false,
                  retryable: s >= 500 || s === 429,
                  keep: s === 401,
                  status: s,
                  detail: detail
                };
              });
            },
            function (error) {
              return {
                ok: false,
                retryable: true,
                status: 0,
                detail: "network error: " + (error && error.message ? error.message : error)
              };
            }
          );
        })
        .then(null, function (error) {
          return { ok: false, retryable: false, keep: true, status: 0, detail: String(error) };
        });
    }

    function delay(ms) {
      return new Promise(function (resolve) {
        setTimeout(resolve, ms);
      });
    }

    function deliver(b) {
      return attempt(b).then(function (result) {
        if (result.ok || !result.retryable) {
          return result;
        }
        report({ status: result.status, detail: result.detail, retrying: true, final: false });
        return delay(RETRY_DELAY_MS).then(function () {
          return attempt(b).then(function (again) {
            again.retried = true;
            return again;
          });
        });
      });
    }

    /** Sends one heartbeat after those already under way; resolves when done, never rejects. */
    function heartbeat(ended) {
      if (detached && !ended) {
        return Promise.resolve();
      }
      var played = ranges.take();
      var b = body(ended, played);
      noteReported(b);
      var sent = queue.then(function () {
        return deliver(b).then(function (result) {
          settle(result, b, played);
        });
      });
      queue = sent.then(null, function () {});
      return queue;
    }

    function noteReported(b) {
      reportedPosition = Math.floor(b.position_sec);
      if (b.ended) {
        endedReported = true;
      }
    }

    function settle(result, b, played) {
      if (result.ok) {
        acknowledge(result.answer, b);
        return;
      }
      if (result.retryable || result.keep) {
        ranges.giveBack(played);
        reportedPosition = null;
        if (b.ended) {
          endedReported = false;
        }
      }
      report({ status: result.status, detail: result.detail, retrying: false, final: true });
    }

    /** Whether the page knows more than the server: new ranges, a new position or an end. */
    function hasNews() {
      if (ranges.hasNews()) {
        return true;
      }
      if (video.ended) {
        return !endedReported;
      }
      return reportedPosition === null || Math.floor(position()) !== reportedPosition;
    }

    /** The unload flush: no retry and no waiting for a token, only what is new. */
    function flushNow() {
      if (!video.paused && !video.ended) {
        ranges.observe(position(), now());
      }
      if (!hasNews()) {
        return;
      }
      var t = token();
      if (t && typeof t.then === "function") {
        t = lastToken;
      }
      if (!t) {
        report({
          status: 0,
          detail: "no token for the final heartbeat",
          retrying: false,
          final: true
        });
        return;
      }
      var played = ranges.take();
      var b = body(video.ended, played);
      noteReported(b);
      try {
        post(t, serialize(b)).then(
          function (response) {
            if (response.ok) {
              response.json().then(
                function (answer) {
                  acknowledge(answer, b);
                },
                function () {}
              );
            } else {
              report({
                status: response.status,
                detail: "final heartbeat refused",
                retrying: false,
                final: true
              });
            }
          },
          function () {
            // The page is going away: nothing more can be done.
          }
        );
      } catch (e) {
        report({ status: 0, detail: String(e), retrying: false, final: true });
      }
    }

    var handlers = {
      play: function () {
        if (endedReported && !video.ended) {
          endedReported = false; // playing again after the end: the server starts a new sitting
        }
      },
      playing: function () {
        ranges.observe(position(), now());
      },
      timeupdate: function () {
        if (!video.paused && !video.seeking && !video.ended) {
          ranges.observe(position(), now());
        }
      },
      seeking: function () {
        ranges.interrupt();
      },
      seeked: function () {
        heartbeat(false);
      },
      pause: function () {
        if (video.ended) {
          return; // the ended event follows and reports
        }
        ranges.stop(position(), now());
        heartbeat(false);
      },
      ended: function () {
        ranges.stop(position(), now());
        heartbeat(true);
      }
    };
    var pageHandlers = {
      pagehide: function () {
        flushNow();
      },
      visibilitychange: function () {
        if (document.visibilityState === "hidden") {
          flushNow();
        }
      }
    };

    var wrapped = {};
    Object.keys(handlers).forEach(function (name) {
      wrapped[name] = safely(handlers[name]);
      video.addEventListener(name, wrapped[name]);
    });
    var wrappedPage = {
      pagehide: safely(pageHandlers.pagehide),
      visibilitychange: safely(pageHandlers.visibilitychange)
    };
    window.addEventListener("pagehide", wrappedPage.pagehide);
    document.addEventListener("visibilitychange", wrappedPage.visibilitychange);

    timer = setInterval(
      safely(function () {
        if (!video.paused && !video.ended && !video.seeking) {
          ranges.observe(position(), now());
          heartbeat(false);
        }
      }),
      intervalMs
    );
    if (!video.paused && !video.ended) {
      ranges.observe(position(), now());
    }

    var flush = safely(function () {
      if (!video.paused && !video.ended) {
        ranges.observe(position(), now());
      }
      return hasNews() ? heartbeat(video.ended) : queue;
    });

    return {
      /** Sends what has been played so far; resolves when the server has answered (or failed). */
      flush: flush,
      /** Flushes, then stops tracking this video. */
      detach: safely(function () {
        if (detached) {
          return queue;
        }
        var done = flush() || queue;
        detached = true;
        clearInterval(timer);
        Object.keys(wrapped).forEach(function (name) {
          video.removeEventListener(name, wrapped[name]);
        });
        window.removeEventListener("pagehide", wrappedPage.pagehide);
        document.removeEventListener("visibilitychange", wrappedPage.visibilitychange);
        return done;
      })
    };
  }

  var inert = {
    flush: function () {
      return Promise.resolve();
    },
    detach: function () {
      return Promise.resolve();
    }
  };

  var api = {
    attach: function (video, options) {
      try {
        return attach(video, options);
      } catch (e) {
        try {
          if (options && typeof options.onError === "function") {
            options.onError({ status: 0, detail: "cannot attach: " + e, retrying: false, final: true });
          }
        } catch (ignored) {
          // never throw into the page
        }
        return inert;
      }
    },
    PlayedRanges: PlayedRanges,
    version: "1"
  };
  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  } else {
    root.EngagementTracker = api;
  }
})(typeof self !== "undefined" ? self : this);
