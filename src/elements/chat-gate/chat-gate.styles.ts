import { css } from 'lit';
import { dialogStyles, tokens } from '../shared/shared.styles.js';

/**
 * The chat gate's styles. The inline launcher's box (one line plus 1em of padding, centred on the
 * line) is taken from the start, also while texts load, and is what kit/boxes.ts reserves before
 * the code arrives; a floating launcher's host is an empty block, which takes no room, as the
 * undefined tag did (test/elements/element-boxes.test.ts).
 */
export const styles = [
  tokens,
  dialogStyles,
  css`
  :host {
    --_bg: var(--ck-bg, #fff);
    display: inline-block;
    vertical-align: middle;
  }
  :host(:not([launcher='floating'])) {
    min-height: calc(1lh + 1em);
  }
  :host([launcher='floating']) {
    display: block;
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
`,
];
