// The site's own chat script, allowed by name from JavaScript: consentkit loads it only after the
// visitor agreed, runs init just before (code, not a string: works under a strict CSP), open when
// the visitor asks for the chat through <ck-chat-gate>, and teardown on withdrawal. Markup alone
// can never choose a script.
window.consentkit.registerScript('crisp', {
  src: 'https://client.crisp.chat/l.js',
  init: () => {
    window.$crisp = [];
    window.CRISP_WEBSITE_ID = '00000000-0000-0000-0000-000000000000';
  },
  open: () => window.$crisp?.push(['do', 'chat:open']),
  teardown: () => window.$crisp?.push(['do', 'chat:hide']),
});
