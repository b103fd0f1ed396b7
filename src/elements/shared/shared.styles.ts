import { css } from 'lit';

/** The custom properties every element reads, with their defaults; `--ck-bg` differs per element. */
export const tokens = css`
  :host {
    --_accent: var(--ck-accent, #1a56db);
    --_accent-text: var(--ck-accent-text, #fff);
    --_fg: var(--ck-fg, #1f2937);
    --_radius: var(--ck-radius, 6px);
    font: var(--ck-font, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;

/** A modal dialog that fits a 320 px phone screen (chat notice, privacy settings). */
export const dialogStyles = css`
  dialog {
    box-sizing: border-box;
    width: min(var(--_dialog-width, 30rem), calc(100vw - 1rem));
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
`;

/** Plain outlined buttons (privacy center, push prompt). */
export const buttonStyles = css`
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.45em 1em;
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
  }
`;
