// See left-out.cjs; cos-request uses oauth-sign only for its `oauth` option.
'use strict';
module.exports = require('./left-out.cjs')(
  'oauth-sign',
  'cos-request signs with it only for its oauth option',
);
