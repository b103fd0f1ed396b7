// The CMS page's gated advertising script: a stand-in for an ad tag. It runs only once the visitor
// allowed "ads"; while their browser sends Global Privacy Control, a remembered "yes" waits.
window.adsRuns = (window.adsRuns ?? 0) + 1;
document.getElementById('ads-state').textContent = 'Advertising is on: the ad script ran on this page.';
