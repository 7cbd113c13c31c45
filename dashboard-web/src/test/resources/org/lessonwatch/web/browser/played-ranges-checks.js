// Checks of the tracker's played-range logic (EngagementTracker.PlayedRanges). PlayerTrackerIT
// runs them in headless Chromium on the demo page; with Node they run on their own:
//   node dashboard-web/src/test/resources/org/lessonwatch/web/browser/played-ranges-checks.js
// Evaluates to (and, under Node, exports) a function of PlayedRanges that returns the failures.
(function (root) {
  "use strict";

  function checks(PlayedRanges) {
    var failures = [];
    function expect(name, actual, expected) {
      var a = JSON.stringify(actual);
      var e = JSON.stringify(expected);
      if (a !== e) {
        failures.push(name + ": expected " + e + " but got " + a);
      }
    }
    // Plays from `from` to `to` with timeupdate every 0.25 s of media and wall time.
    function play(r, from, to, wall) {
      var t = from;
      for (; t < to; t += 0.25) {
        r.observe(t, wall);
        wall += 250;
      }
      r.observe(to, wall);
      return wall;
    }

    var r = new PlayedRanges();
    play(r, 0, 5, 0);
    expect("continuous playback is one range, split at the heartbeat", r.take(), [[0, 5]]);
    play(r, 5, 7, 5000);
    expect("the next heartbeat continues where the last one stopped", r.take(), [[5, 7]]);
    expect("nothing new", r.take(), []);

    r = new PlayedRanges();
    var wall = play(r, 0, 5, 0);
    r.interrupt(); // seeking
    play(r, 17, 20, wall + 100);
    r.stop(20, wall + 3200);
    expect("a seek splits the ranges", r.take(), [[0, 5], [17, 20]]);

    r = new PlayedRanges();
    r.observe(10, 0);
    r.observe(10.25, 250);
    r.observe(14, 500); // 3.75 s of media in 0.25 s of wall time: a jump without a seek event
    r.observe(15, 1500);
    r.stop(15, 1500);
    expect("a jump of more than 1.5 s starts a new range", r.take(), [[10, 10.25], [14, 15]]);

    r = new PlayedRanges();
    r.observe(10, 0);
    r.observe(12, 2000); // throttled timeupdate: 2 s of media in 2 s of wall time
    r.observe(14, 4000);
    r.stop(14, 4000);
    expect("infrequent updates that wall time explains are continuous", r.take(), [[10, 14]]);

    r = new PlayedRanges();
    r.observe(30, 0);
    r.observe(30.2, 200);
    r.interrupt();
    r.observe(50, 300);
    r.observe(50.1, 400);
    r.stop(50.1, 400);
    expect("ranges shorter than 0.25 s are ignored", r.take(), []);

    r = new PlayedRanges();
    play(r, 8, 10, 0);
    r.observe(4, 2100); // replay: backwards
    play(r, 4, 6, 2100);
    r.stop(6, 4200);
    expect("going back starts a new range; replays are kept in order", r.take(), [[8, 10], [4, 6]]);

    r = new PlayedRanges();
    r.observe(10, 0);
    r.observe(10.1, 100);
    expect("a range still under 0.25 s is not sent yet", r.take(), []);
    r.observe(10.5, 500);
    r.stop(10.5, 500);
    expect("and is sent once long enough", r.take(), [[10, 10.5]]);

    r = new PlayedRanges();
    var w = 0;
    for (var i = 0; i < 130; i++) {
      r.observe(i * 2, w);
      r.observe(i * 2 + 1, w + 1000);
      r.interrupt();
      w += 60000;
    }
    var first = r.take();
    expect("at most 100 ranges per heartbeat", first.length, 100);
    expect("in time order", first[0], [0, 1]);
    expect("the rest waits for the next heartbeat", r.take().length, 30);

    r = new PlayedRanges();
    for (var j = 0; j < 120; j++) {
      r.observe(0, j * 60000);
      r.observe(1, j * 60000 + 1000);
      r.interrupt();
    }
    expect("over 100 ranges, overlapping ones are merged", r.take(), [[0, 1]]);

    r = new PlayedRanges();
    play(r, 0, 3, 0);
    var taken = r.take();
    play(r, 3, 4, 3000);
    r.giveBack(taken);
    r.stop(4, 4000);
    expect("ranges given back after a failure go first", r.take(), [[0, 3], [3, 4]]);

    r = new PlayedRanges();
    r.observe(86399.5, 0);
    r.observe(86400.9, 500);
    r.stop(86400.9, 500);
    expect("times are clamped to 86400", r.take(), [[86399.5, 86400]]);
    return failures;
  }

  if (typeof module === "object" && module && module.exports && require.main === module) {
    var tracker = require("../../../../../../main/webapp/static/js/engagement-tracker.js");
    var failures = checks(tracker.PlayedRanges);
    failures.forEach(function (f) {
      console.error("FAIL " + f);
    });
    console.log(failures.length === 0 ? "all played-range checks pass" : failures.length + " failed");
    process.exitCode = failures.length === 0 ? 0 : 1;
  }
  root.playedRangesChecks = checks;
  return checks;
})(typeof self !== "undefined" ? self : globalThis);
