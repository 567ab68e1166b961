/**
 * A local serverless plugin: after `serverless package`, writes the SCF service template that
 * serverless-tencent-scf would upload and deploy (its `getServiceResource()`, built otherwise only
 * inside `deploy`) to `.serverless/tencent-service.json`. That file is what the snapshot test reads,
 * so the deploy configuration is reviewed as data instead of trusted to an unmaintained plugin
 * (docs/tooling.md §1.2). Values of secret variables are replaced: the dump is for review.
 */
const fs = require('node:fs');
const path = require('node:path');

const secretVariables = /SECRET|TOKEN|PASSWORD/i;

class DumpTencentTemplate {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:finalize': () => this.dump() };
  }

  dump() {
    const provider = this.serverless.getProvider('tencent');
    if (!provider) throw new Error('sls-dump-template needs the serverless-tencent-scf provider');
    // getServiceResource() merges env into provider.environment in place (the plugin's env leak);
    // run it on a copy so packaging leaves the service as it found it.
    const environment = this.serverless.service.provider.environment;
    const saved = environment ? JSON.parse(JSON.stringify(environment)) : environment;
    const template = provider.getServiceResource();
    this.serverless.service.provider.environment = saved;
    for (const [name, fn] of Object.entries(template.Resources.default)) {
      if (name === 'Type') continue;
      const variables = fn.Properties.Environment?.Variables ?? {};
      for (const key of Object.keys(variables)) {
        if (secretVariables.test(key) && variables[key]) variables[key] = '[redacted]';
      }
    }
    const target = path.join(this.serverless.serviceDir, '.serverless', 'tencent-service.json');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${JSON.stringify(template, null, 2)}\n`);
    this.serverless.cli.log(`SCF template written to ${path.relative(process.cwd(), target)}`);
  }
}

module.exports = DumpTencentTemplate;
