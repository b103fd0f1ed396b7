// Configuration every page of the Bakery Blog shares, in one file the pages load after consentkit
// (a site with a CMS would put this in its layout). Page-specific settings stay in each page's
// <script type="application/json" data-consentkit> block.
window.consentkit.configure({
  // "Delete my data" asks the demo receiver to erase this visitor's proofs.
  deletionEndpoint: '/api/proofs',
  // The privacy settings list every service of the site, not only those on the current page.
  services: ['push', 'youtube', 'vimeo', 'facebook-share', 'facebook-like', 'facebook-page', 'facebook-messenger', 'chat-feedback', 'whatsapp', 'telegram', 'crisp', 'x', 'instagram', 'google-maps', 'openstreetmap', 'statistics', 'ads'],
  // Global Privacy Control: these share data for advertising; with the signal they stay off until the visitor loads them.
  gpc: { services: ['facebook-share', 'facebook-like', 'facebook-page', 'instagram', 'x', 'ads'] },
  // Push notifications (demo/push.html): the service worker and the application server's public key.
  push: {
    serviceWorker: './sw.js',
    vapidPublicKey: 'BAKUsbN__19-phGaWXvJ86HMuWECU-uI81CmOxLfWTn5227G-rY5EkgPQiJg1j8-kUsLWVSeOds7mpMao93lhNg',
    site: 'Bakery Blog',
    topics: {
      recipes: { en: 'new recipes', de: 'neue Rezepte', pl: 'nowe przepisy', fr: 'les nouvelles recettes' },
      workshops: { en: 'baking workshops', de: 'Backkurse', pl: 'warsztaty pieczenia', fr: 'les ateliers de boulangerie' },
    },
    templates: {
      bakery: {
        en: { title: 'Fresh from the oven?', body: '{site} can tell you about {topics}. One notification a week at most.', allow: 'Yes, tell me', deny: 'No, thanks' },
        de: { title: 'Frisch aus dem Ofen?', body: '{site} kann Ihnen {topics} melden. Höchstens eine Benachrichtigung pro Woche.', allow: 'Ja, gern', deny: 'Nein, danke' },
      },
    },
  },
  // Services the site names itself (generic iframe and script embeds, the chat's extra purpose).
  providers: {
    openstreetmap: {
      name: 'OpenStreetMap',
      company: 'OpenStreetMap Foundation',
      address: 'St John’s Innovation Centre, Cowley Road, Cambridge, CB4 0WS, United Kingdom',
      privacyUrl: 'https://osmfoundation.org/wiki/Privacy_Policy',
    },
    crisp: {
      name: 'Crisp chat',
      company: 'Crisp IM SAS',
      address: '2 boulevard de Launay, 44100 Nantes, France',
      privacyUrl: 'https://crisp.chat/en/privacy/',
    },
    'chat-feedback': { name: 'Improve our answers with your chat questions' },
    // The CMS page's gated statistics script (a stand-in for an analytics tag, run by the site itself).
    statistics: { name: 'Visitor statistics', data: 'Which pages you visit and for how long, counted by this site without third parties.' },
    ads: {
      name: 'Advertising partner',
      company: 'Example Ads GmbH',
      address: 'Musterstraße 1, 10115 Berlin, Germany',
      privacyUrl: 'https://ads.example/privacy',
      data: 'Your IP address, this page and an advertising ID, to show and measure ads.',
    },
  },
});

