import { css } from 'lit';
import { tokens } from '../shared/shared.styles.js';

/** The privacy button's styles: a link-like button inline, a pill in the bottom corner when floating. */
export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
    }
    :host([floating]) {
      display: block;
    }
    button {
      font: inherit;
      cursor: pointer;
      border: 0;
      padding: 0;
      background: none;
      color: inherit;
      text-decoration: underline;
    }
    :host([floating]) button {
      position: fixed;
      z-index: 2147483000;
      inset-block-end: 1rem;
      inset-inline-start: 1rem;
      padding: 0.6em 1em;
      border-radius: 999px;
      background: var(--_accent);
      color: var(--_accent-text);
      text-decoration: none;
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
      font-size: 0.875rem;
    }
  `,
];
