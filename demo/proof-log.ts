/**
 * Demo tooling, not part of the library: shows the proofs the demo receiver stores, live, and
 * lets you take the receiver offline (or make it fail half the time) to watch the page queue
 * proofs and deliver each exactly once when the receiver is back.
 */
import { LitElement, css, html } from 'lit';

interface StoredProof {
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
  private source?: EventSource;
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
    this.proofs = ((await (await fetch('/api/proofs')).json()) as StoredProof[]).reverse();
    this.mode = ((await (await fetch('/api/receiver')).json()) as { mode: Mode }).mode;
    this.source = new EventSource('/api/proofs');
    this.source.onmessage = (e) => (this.proofs = [JSON.parse(e.data) as StoredProof, ...this.proofs]);
    // "Delete my data": the receiver deleted a visitor's proofs and kept only a record of that.
    this.source.addEventListener('erasure', (e) => {
      const erasure = JSON.parse((e as MessageEvent<string>).data) as Erasure;
      const gone = new Set(erasure.deletedIds);
      this.proofs = this.proofs.filter((p) => !gone.has(p.id));
      this.erasures = [erasure, ...this.erasures];
    });
    // Proofs waiting in this browser (every tab of the site shares them).
    const count = () => (this.waiting = Object.keys(localStorage).filter((k) => k.startsWith('consentkit:proof:')).length);
    document.addEventListener('ck-proof', count);
    this.timer = setInterval(count, 500);
    count();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.source?.close();
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
      <h2>Proof log <small>(demo receiver at <code>/api/proofs</code>)</small></h2>
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
