// The template editor of the demo's notifications page: form fields become the prompt's
// attributes, so a site owner sees their text as visitors will.
const prompt = document.getElementById('prompt');
const form = document.getElementById('editor');
const outcome = document.getElementById('outcome');
const note = document.getElementById('hidden-note');

form.addEventListener('input', () => {
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.value) prompt.setAttribute(field.name, field.value);
    else prompt.removeAttribute(field.name);
  }
  if (prompt.variant === 'bell') prompt.show();
});

// Why the prompt may not show (already decided, cool-down, no push in this browser).
const explain = async () => {
  const permission = 'Notification' in window ? Notification.permission : 'unsupported';
  const kit = await window.consentkit.ready; // the drop-in fetches its API's code on demand
  const decision = kit.consentFor('push');
  note.textContent =
    permission === 'denied' ? 'Notifications are blocked for this site in your browser, so the prompt stays hidden (reset them in the site settings).'
    : decision?.decision === 'denied' ? 'You said no: the prompt stays away for 30 days. To see it again here, use "Delete my data" in the privacy settings.'
    : '';
};
document.addEventListener('ck-consent', explain);
customElements.whenDefined('ck-push-prompt').then(explain);

prompt.addEventListener('ck-push-subscribed', (e) => {
  outcome.textContent = e.detail.subscription ? `Subscribed (topics: ${e.detail.topics.join(', ') || 'all'}).` : 'Notifications allowed.';
});
prompt.addEventListener('ck-push-error', (e) => (outcome.textContent = `Not turned on: ${e.detail.reason}`));
document.addEventListener('ck-push-unsubscribed', () => (outcome.textContent = 'Unsubscribed.'));

document.getElementById('test-notification').addEventListener('click', async () => {
  const registration = await navigator.serviceWorker?.getRegistration('./sw.js');
  if (!registration || Notification.permission !== 'granted') {
    outcome.textContent = 'Turn notifications on first.';
    return;
  }
  await registration.showNotification('Bakery Blog', { body: 'Fresh sourdough recipe online!' });
});
