/**
 * Demo tooling, not part of the library: shows the proofs consentkit-server stores, live, and
 * lets you take the receiver offline (or make it fail half the time) to watch the page queue
 * proofs and deliver each exactly once when the receiver is back.
 */
import { LitElement, css, html } from 'lit';

interface StoredProof {
  kind: 'proof' | 'erasure' | 'purge';
  erased?: true;
  id: string;
  service: string;
  decision: string;
  method: string;
  remembered: boolean;
  textVersion: string;
  at: string;
  receivedAt: string;
}

interface Erasure {
  subjectHash: string;
  deleted: number;
  deletedIds: string[];
  receivedAt: string;
}

type Mode = 'online' | 'offline' | 'flaky';

class DemoProofLog extends LitElement {
  static override properties = { proofs: { state: true }, mode: { state: true }, waiting: { state: true }, erasures: { state: true } };
  declare proofs: StoredProof[];
  declare erasures: Erasure[];
  declare mode: Mode;
  declare waiting: number;
  private source?: AbortController;
  private timer?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    this.proofs = [];
    this.erasures = [];
    this.mode = 'online';
    this.waiting = 0;
  }

  override async connectedCallback() {
    super.connectedCallback();
    const receiver = (await (await fetch('/api/receiver')).json()) as { mode: Mode; readToken?: string };
    this.mode = receiver.mode;
    // Reading is for the site owner: consentkit-server wants its bearer token (the demo's own, see vite.config.ts).
    const headers = { authorization: `Bearer ${receiver.readToken}` };
    const list = await fetch('/api/proofs?limit=5000', { headers });
    if (list.ok) this.proofs = ((await list.json()) as StoredProof[]).filter((p) => (p.kind ?? 'proof') === 'proof' && !p.erased).reverse();
    void this.follow(headers);
    // Proofs waiting in this browser (every tab of the site shares them).
    const count = () => (this.waiting = Object.keys(localStorage).filter((k) => k.startsWith('consentkit:proof:')).length);
    document.addEventListener('ck-proof', count);
    this.timer = setInterval(count, 500);
    count();
  }

  /**
   * The live stream (server-sent events over fetch, which can send the token; EventSource cannot).
   * Low priority: a request that never ends is not part of loading the page (a fetch is "high" by
   * default, and tools that wait for the page to settle, Lighthouse among them, wait for it).
   */
  private async follow(headers: Record<string, string>) {
    this.source = new AbortController();
    const response = await fetch('/api/proofs', { headers: { ...headers, accept: 'text/event-stream' }, signal: this.source.signal, priority: 'low' }).catch(() => undefined);
    const reader = response?.ok ? response.body?.pipeThrough(new TextDecoderStream()).getReader() : undefined;
    let buffer = '';
    for (;;) {
      const chunk = await reader?.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      buffer += chunk.value;
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) {
        const type = /^event: (.*)$/m.exec(event)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (!data) continue;
        if (type === 'message') this.proofs = [JSON.parse(data) as StoredProof, ...this.proofs];
        else if (type === 'erasure') {
          // "Delete my data": the server emptied a visitor's proofs and kept only a record of that.
          const erasure = JSON.parse(data) as Erasure;
          const gone = new Set(erasure.deletedIds);
          this.proofs = this.proofs.filter((p) => !gone.has(p.id));
          this.erasures = [erasure, ...this.erasures];
        }
      }
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.source?.abort();
    clearInterval(this.timer);
  }

  private async setMode(mode: Mode) {
    await fetch('/api/receiver', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
    this.mode = mode;
    // A real site would wait for the next retry; the demo tries at once.
    if (mode !== 'offline') await (window as unknown as { consentkit: { flushProofs(): Promise<void> } }).consentkit.flushProofs();
  }

  static override styles = css`
    :host {
      display: block;
      margin-top: 3rem;
      padding: 1rem;
      border: 1px dashed #9ca3af;
      border-radius: 6px;
      font-size: 0.875rem;
    }
    fieldset {
      border: 0;
      padding: 0;
      display: flex;
      gap: 1rem;
    }
    /* The table scrolls in its own box: on a phone it would make the page wider than the screen. */
    .table {
      overflow-x: auto;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      margin-top: 0.75rem;
    }
    th,
    td {
      text-align: start;
      padding: 0.25rem 0.5rem;
      border-bottom: 1px solid #e5e7eb;
    }
    code {
      font-size: 0.8125rem;
    }
    .erasure {
      padding: 0.5rem;
      background: #fef3c7;
      color: #78350f;
    }
  `;

  override render() {
    return html`
      <h2>Proof log <small>(consentkit-server at <code>/api/proofs</code>, SQLite in <code>demo/.data/proofs.db</code>)</small></h2>
      <fieldset>
        <legend>Receiver</legend>
        ${(['online', 'offline', 'flaky'] as const).map(
          (mode) => html`<label><input type="radio" name="mode" .checked=${this.mode === mode} @change=${() => this.setMode(mode)} /> ${mode === 'flaky' ? 'fails 50 %' : mode}</label>`,
        )}
      </fieldset>
      <p role="status">Waiting in this browser: <strong>${this.waiting}</strong> · stored by the receiver: <strong>${this.proofs.length}</strong></p>
      ${this.erasures.map(
        (e) => html`<p class="erasure">Erasure at ${new Date(e.receivedAt).toLocaleTimeString()}: ${e.deleted} proof(s) of subject <code>sha256:${e.subjectHash.slice(0, 12)}…</code> deleted; this record is all that is kept.</p>`,
      )}
      <div class="table" role="region" aria-label="Stored proofs" tabindex="0"><table>
        <thead>
          <tr><th>received</th><th>service</th><th>decision</th><th>method</th><th>always</th><th>text version</th><th>id</th></tr>
        </thead>
        <tbody>
          ${this.proofs.map(
            (p) => html`<tr>
              <td>${new Date(p.receivedAt).toLocaleTimeString()}</td>
              <td>${p.service}</td>
              <td>${p.decision}</td>
              <td>${p.method}</td>
              <td>${p.remembered ? 'yes' : 'no'}</td>
              <td><code>${p.textVersion}</code></td>
              <td><code>${p.id.slice(0, 8)}</code></td>
            </tr>`,
          )}
        </tbody>
      </table></div>
    `;
  }
}

customElements.define('demo-proof-log', DemoProofLog);
