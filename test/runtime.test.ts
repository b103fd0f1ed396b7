import { expect } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { Decision } from '../src/core/decision.js';
import { configChecked, getConfig, getStore } from '../src/kit/runtime.js';
import { configure } from '../src/kit/configure.js';
import { addConfigBlock, captureConsole, resetConsent } from './helpers.js';
import { queuedConfig } from '../src/core/queued-config.js';
import { checkConfig } from '../src/core/config.js';

describe('runtime configuration', () => {
  afterEach(resetConsent);

  // First in this file: until then, this page has not had the code that checks configuration.
  it('reads the defaults at once without configuration, and a <script data-consentkit> block once its check has arrived', async () => {
    expect(configChecked()).to.equal(undefined, 'nothing to check: nothing to fetch');
    expect(getConfig().cookie.name).to.equal('consentkit');
    await resetConsent();
    addConfigBlock(JSON.stringify({ locale: 'pl', policyUrl: '/polityka', cookie: { name: 'zgody' } }));
    expect(() => getConfig()).to.throw(/before the code that checks it/);
    await configChecked();
    expect(getConfig()).to.include({ locale: 'pl', policyUrl: '/polityka' });
    getStore().decide('youtube', Decision.granted, { version: 'v1', remember: true });
    expect(Cookies.get('zgody')).to.match(/^1~[0-9a-z]{32}~youtube\.g\./);
    expect(Cookies.get('consentkit')).to.equal(undefined);
  });

  it('lets configure() override the block', () => {
    addConfigBlock(JSON.stringify({ locale: 'pl' }));
    configure({ locale: 'fr' });
    expect(getConfig().locale).to.equal('fr');
  });

  it('reports an invalid field by name and uses its default', async () => {
    addConfigBlock(JSON.stringify({ locale: 'de', cookie: { days: 0 } }));
    const { result, messages } = await captureConsole('error', () => getConfig());
    expect(result.locale).to.equal('de');
    expect(result.cookie.days).to.equal(365);
    expect(messages).to.deep.equal([
      'consentkit: config "cookie.days": must be at least 1 (from <script data-consentkit> #1); using the default instead.',
    ]);
  });

  it('survives a block that is not JSON', async () => {
    addConfigBlock('{ locale: de }');
    const { result, messages } = await captureConsole('error', () => getConfig());
    expect(result.locale).to.equal('en');
    expect(messages[0]).to.match(/^consentkit: config <script data-consentkit> #1 is not valid JSON/);
  });

  it('reports invalid fields given to configure()', async () => {
    const { messages } = await captureConsole('error', () => configure({ policyUrl: 'data:text/html,hi' }));
    expect(getConfig().policyUrl).to.equal(undefined);
    expect(messages[0]).to.contain('"policyUrl": must be an http(s) or relative URL (from configure())');
  });

  it('moves to a new cookie when configure() changes its name', () => {
    getStore().decide('youtube', Decision.granted, { version: 'v1', remember: true });
    configure({ cookie: { name: 'other' } });
    expect(getStore().cookieName).to.equal('other');
    expect(getStore().isAlwaysAllowed('youtube')).to.equal(false);
  });

  it('a configure() made before the kit arrived reaches every copy of the runtime on the page (a bundled Consent Mode adapter beside the drop-in)', async () => {
    // A second copy of the runtime module, as a separately bundled adapter brings its own.
    const copy = (await import(`../src/kit/runtime.ts?copy=${Date.now()}`)) as typeof import('../src/kit/runtime.js');
    copy.useConfigCheck(checkConfig);
    queuedConfig.push({ policyUrl: '/queued-policy.html' }); // what the drop-in's configure() does
    await configChecked();
    expect(copy.getConfig().policyUrl, 'the copy').to.equal('/queued-policy.html');
    expect(getConfig().policyUrl, 'the drop-in\'s own runtime').to.equal('/queued-policy.html');
  });
});
