import { css } from 'lit';
import { buttonStyles, tokens } from '../shared/shared.styles.js';

/** The push prompt's styles: a card inline, slid in from a corner, or a panel under the bell. */
export const styles = [
  tokens,
  buttonStyles,
  css`
    :host {
      --_bg: var(--ck-bg, #fff);
      display: block;
    }
    :host([variant='bell']) {
      display: inline-block;
      vertical-align: middle;
      min-height: calc(1.7em + 2px);
      position: relative;
    }
    .prompt {
      box-sizing: border-box;
      padding: 1em;
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_fg);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
      line-height: 1.45;
      font-size: 0.9375rem;
    }
    :host([variant='slide-in']) .prompt {
      position: fixed;
      z-index: 2147483000;
      inset-block-end: 1rem;
      inset-inline-end: 1rem;
      width: min(24rem, calc(100vw - 2rem));
      animation: slide-in 0.25s ease-out;
    }
    :host([variant='bell']) .prompt {
      position: absolute;
      z-index: 10;
      inset-block-start: calc(100% + 4px);
      inset-inline-end: 0;
      width: min(22rem, calc(100vw - 2rem));
    }
    @keyframes slide-in {
      from {
        transform: translateY(1rem);
        opacity: 0;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .prompt {
        animation: none !important;
      }
    }
    .title {
      font-weight: 700;
      margin: 0 0 0.4em;
    }
    p {
      margin: 0 0 0.75em;
    }
    fieldset {
      border: 0;
      margin: 0 0 0.75em;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 1em;
    }
    legend {
      padding: 0;
      margin-block-end: 0.25em;
    }
    label {
      display: inline-flex;
      gap: 0.35em;
      align-items: center;
    }
    input {
      accent-color: var(--_accent);
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5em;
    }
    [part~='bell'] {
      padding: 0.35em 0.6em;
      line-height: 1;
    }
    .status:empty {
      margin: 0;
    }
    .status:focus {
      outline: none;
    }
  `,
];
