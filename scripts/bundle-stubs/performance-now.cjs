// Bundle-time stand-in for performance-now, which cos-request calls to time a request only for its
// `time` option (the COS SDK never sets it). On Node the package returns `performance.now()` too, but
// it reads the global `performance` when it loads, which makes Node load perf_hooks on every cold
// start; this reads it at the call.
'use strict';
module.exports = () => performance.now();
