// Configuration every page of the Bakery Blog shares, in one file the pages load after consentkit
// (a site with a CMS would put this in its layout). Page-specific settings stay in each page's
// <script type="application/json" data-consentkit> block.
window.consentkit.configure({
  // "Delete my data" asks the demo receiver to erase this visitor's proofs.
  deletionEndpoint: '/api/proofs',
  // The privacy settings list every service of the site, not only those on the current page.
  services: ['youtube', 'vimeo', 'facebook-share', 'facebook-like', 'facebook-page', 'facebook-messenger', 'chat-feedback', 'whatsapp', 'telegram', 'crisp', 'x', 'instagram', 'google-maps', 'openstreetmap'],
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
  },
});
