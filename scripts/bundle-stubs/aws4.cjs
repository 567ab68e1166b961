// See left-out.cjs; cos-request uses aws4 only for its `aws` option (sign: 'v4').
'use strict';
module.exports = require('./left-out.cjs')('aws4', 'cos-request signs with it only for its aws option');
