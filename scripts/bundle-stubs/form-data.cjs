// See left-out.cjs; cos-request builds multipart bodies with form-data only for its `formData` option
// and `form()` without arguments (the SDK's browser-style postObject; we never call it).
'use strict';
module.exports = require('./left-out.cjs')(
  'form-data',
  'cos-request uses it only for multipart formData bodies',
);
