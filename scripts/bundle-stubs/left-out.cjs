// Shared by the stand-ins of modules cos-request requires at load but only uses for options the COS
// SDK never sets (see scripts/bundle-aliases.ts): any use, as a function, a class or through a
// property, fails loudly with the module's name instead of misbehaving quietly.
'use strict';
module.exports = function leftOut(name, why) {
  const fail = () => {
    throw new Error(`${name} is left out of the cos-transcribe function bundles: ${why}`);
  };
  return new Proxy(function leftOutModule() {}, { get: fail, apply: fail, construct: fail });
};
