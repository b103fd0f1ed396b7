import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConsentListener } from '../core/consent-store.js';
import { onConsentChange } from '../kit/runtime.js';

/**
 * Hears every consent change on the page (a decision here, in another element or tab; `service`
 * null: the configuration changed) while its element is connected. A detached element hears
 * nothing, and is brought in line when it is connected again (see the elements' connectedCallback).
 */
export class ConsentController implements ReactiveController {
  private stop: (() => void) | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly changed: ConsentListener,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stop = onConsentChange(this.changed);
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
