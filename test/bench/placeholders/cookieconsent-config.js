// vanilla-cookieconsent blocks <script> tags only; for iframes its docs send you to iframemanager
// (docs/advanced/iframemanager-setup.md). This is that setup: the getting-started basic config and
// the iframemanager readme's YouTube service, each wired to the other as the guide shows.
import '../../../node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js';

const im = iframemanager();

im.run({
  currLang: 'en',
  onChange: ({ changedServices, eventSource }) => {
    if (eventSource.type === 'click') {
      const servicesToAccept = [...CookieConsent.getUserPreferences().acceptedServices['analytics'], ...changedServices];
      CookieConsent.acceptService(servicesToAccept, 'analytics');
    }
  },
  services: {
    youtube: {
      embedUrl: 'https://www.youtube-nocookie.com/embed/{data-id}',
      thumbnailUrl: 'https://i3.ytimg.com/vi/{data-id}/hqdefault.jpg',
      iframe: {
        allow: 'accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen;',
      },
      languages: {
        en: {
          notice: 'This content is hosted by a third party. By showing the external content you accept the <a rel="noreferrer noopener" href="https://www.youtube.com/t/terms" target="_blank">terms and conditions</a> of youtube.com.',
          loadBtn: 'Load video',
          loadAllBtn: "Don't ask again",
        },
      },
    },
  },
});

CookieConsent.run({
  // Default true hides the banner when navigator.webdriver is set, as it is under automation;
  // a visitor gets the banner.
  hideFromBots: false,
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {
      services: {
        youtube: {
          label: 'Youtube Embed',
          onAccept: () => im.acceptService('youtube'),
          onReject: () => im.rejectService('youtube'),
        },
      },
    },
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'Cookie modal description',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage Individual preferences',
        },
        preferencesModal: {
          title: 'Manage cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Accept current selection',
          closeIconLabel: 'Close modal',
          sections: [
            { title: 'Somebody said ... cookies?', description: 'I want one!' },
            { title: 'Strictly Necessary cookies', description: 'These cookies are essential for the proper functioning of the website and cannot be disabled.', linkedCategory: 'necessary' },
            { title: 'Performance and Analytics', description: 'These cookies collect information about how you use our website. All of the data is anonymized and cannot be used to identify you.', linkedCategory: 'analytics' },
          ],
        },
      },
    },
  },
});
