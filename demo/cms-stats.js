// The CMS page's gated statistics script: a stand-in for an analytics tag. It runs only once the
// visitor allowed "statistics", and at most once per page.
window.statsRuns = (window.statsRuns ?? 0) + 1;
document.getElementById('stats-state').textContent = `Statistics are on: the script ran ${window.statsRuns === 1 ? 'once' : `${window.statsRuns} times`} on this page.`;
