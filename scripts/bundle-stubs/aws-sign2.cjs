// See left-out.cjs; cos-request uses aws-sign2 only for its `aws` option.
'use strict';
module.exports = require('./left-out.cjs')('aws-sign2', 'cos-request signs with it only for its aws option');
