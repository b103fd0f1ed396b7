// The CMS page's own script: posts loaded later (as infinite scroll or AJAX would), the data
// layer shown as text, and whether the browser sends Global Privacy Control.
const more = document.getElementById('more');
const button = document.getElementById('load-more');
let page = 0;

button.addEventListener('click', async () => {
  page += 1;
  const response = await fetch(`./cms-more-${page}.html`);
  // Markup from the site's own CMS; gated frames and scripts in it stay inert until consent.
  more.insertAdjacentHTML('beforeend', await response.text());
  if (page === 2) button.hidden = true;
});

// A late widget, two seconds after load, as a comments plugin would insert it.
setTimeout(() => {
  const frame = document.createElement('iframe');
  frame.dataset.ckService = 'vimeo';
  frame.dataset.src = 'https://player.vimeo.com/video/1084537?dnt=1';
  frame.width = '560';
  frame.height = '315';
  frame.title = 'Big Buck Bunny on Vimeo';
  const heading = document.createElement('h2');
  heading.textContent = 'From the comments (added 2 s after load)';
  document.getElementById('post-1').append(heading, frame);
}, 2000);

const layer = document.getElementById('datalayer');
function showLayer() {
  layer.textContent = (window.dataLayer ?? []).map((entry) => JSON.stringify([...entry])).join('\n');
}
showLayer();
document.addEventListener('ck-consent', () => queueMicrotask(showLayer));
window.consentkit.onConsentChange(() => queueMicrotask(showLayer));

document.getElementById('gpc-state').textContent = window.consentkit.gpcSignal()
  ? 'Your browser sends Global Privacy Control: services that share data for advertising stay off until you load them yourself.'
  : 'Your browser does not send Global Privacy Control.';
