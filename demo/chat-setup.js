// The site's own setup for its Crisp chat, registered by name; consentkit runs it only after the
// visitor agreed, just before loading Crisp's script. (Code, not a string: works under a strict CSP.)
window.consentkit.registerInit('crisp', () => {
  window.$crisp = [];
  window.CRISP_WEBSITE_ID = '00000000-0000-0000-0000-000000000000';
});
