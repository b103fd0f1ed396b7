import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--ck-accent, #1a56db);
    --_accent-text: var(--ck-accent-text, #fff);
    --_bg: var(--ck-bg, #fff);
    --_fg: var(--ck-fg, #1f2937);
    --_radius: var(--ck-radius, 6px);
    display: inline-block;
    font: var(--ck-font, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.5em 1em;
  }
  .launcher,
  [part~='start'] {
    border: 0;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  :host([launcher='floating']) .launcher {
    position: fixed;
    z-index: 2147483000;
    inset-block-end: 1rem;
    inset-inline-end: 1rem;
    border-radius: 999px;
    padding: 0.75em 1.25em;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
  }
  [aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  [part~='later'] {
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
  }
  dialog {
    box-sizing: border-box;
    width: min(30rem, calc(100vw - 1rem));
    max-height: calc(100dvh - 1rem);
    overflow: auto;
    padding: 1.25em;
    border: 0;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 8px 32px rgb(0 0 0 / 0.3);
    font-size: 0.9375rem;
    line-height: 1.45;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  h2 {
    margin: 0 0 0.5em;
    font-size: 1.15em;
  }
  p {
    margin: 0 0 0.75em;
  }
  a {
    color: inherit;
  }
  .links a {
    margin-inline-end: 1em;
  }
  [part='consent'] {
    display: flex;
    align-items: flex-start;
    gap: 0.5em;
    margin-block-end: 0.75em;
    cursor: pointer;
  }
  input {
    flex: none;
    margin: 0.2em 0 0;
    width: 1.15em;
    height: 1.15em;
    accent-color: var(--_accent);
  }
  .hint {
    font-size: 0.875em;
    min-height: 1.45em;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  iframe {
    display: block;
    width: min(24rem, 100%);
    height: 32rem;
    border: 0;
    margin-block-start: 0.5em;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
