import { css } from 'lit';
import { buttonStyles, dialogStyles, tokens } from '../shared/shared.styles.js';

/**
 * The privacy center's styles (reasons here: CSS comments would ship inside the template).
 * `.top` wraps: a long title ("Datenschutz-Einstellungen") and "Schließen" do not fit side by side
 * on a 320 px phone, and Close goes under the title rather than out of the dialog.
 */
export const styles = [
  tokens,
  dialogStyles,
  buttonStyles,
  css`
  :host {
    --_bg: var(--ck-bg, #fff);
    --_dialog-width: 40rem;
    display: block;
    line-height: 1.45;
  }
  :host([dialog]) {
    display: contents;
  }
  .title {
    font-size: 1.3em;
    font-weight: 700;
    margin-block-end: 0.5em;
  }
  .subtitle {
    font-size: 1.1em;
    font-weight: 700;
    margin-block: 1.25em 0.5em;
  }
  p {
    margin: 0 0 0.75em;
  }
  a {
    color: inherit;
    margin-inline-end: 1em;
  }
  .list {
    list-style: none;
    margin: 0 0 0.75em;
    padding: 0;
  }
  .service {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    justify-content: space-between;
    align-items: flex-start;
    padding-block: 0.75em;
    border-block-end: 1px solid rgb(0 0 0 / 0.12);
  }
  .about {
    flex: 1 1 16rem;
    min-width: 0;
  }
  .head {
    margin: 0 0 0.25em;
  }
  .name {
    font-weight: 600;
  }
  .state {
    font-size: 0.85em;
    padding: 0.1em 0.5em;
    border-radius: 999px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .state.on {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .details {
    font-size: 0.875em;
    margin-block-end: 0.25em;
  }
  .switch {
    display: flex;
    align-items: center;
    gap: 0.5em;
    cursor: pointer;
    font-size: 0.875em;
  }
  input[role='switch'] {
    appearance: none;
    flex: none;
    position: relative;
    width: 2.5em;
    height: 1.4em;
    margin: 0;
    border-radius: 999px;
    background: #6b7280;
    cursor: pointer;
  }
  input[role='switch']::after {
    content: '';
    position: absolute;
    inset-block-start: 0.2em;
    inset-inline-start: 0.2em;
    width: 1em;
    height: 1em;
    border-radius: 50%;
    background: #fff;
    transition: inset-inline-start 0.15s;
  }
  input[role='switch']:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  input[role='switch']:checked {
    background: var(--_accent);
  }
  input[role='switch']:checked::after {
    inset-inline-start: 1.3em;
  }
  .actions,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .confirm {
    margin-block-start: 0.75em;
    padding: 0.75em;
    border-radius: var(--_radius);
    border: 1px solid #b91c1c;
  }
  .confirm p {
    flex-basis: 100%;
  }
  .confirm[hidden] {
    display: none;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  [part~='erase-yes'] {
    background: #b91c1c;
    border-color: #b91c1c;
    color: #fff;
  }
  .status {
    min-height: 1.45em;
    margin-block-start: 0.75em;
    font-weight: 600;
  }
  dialog.framed[open] {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    padding: 0;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.5em 1em;
    padding: 1em 1.25em 0.75em;
    border-block-end: 1px solid rgb(0 0 0 / 0.12);
  }
  .top .title {
    margin: 0;
  }
  .close {
    flex: none;
  }
  .scroll {
    flex: 1 1 auto;
    min-height: 5em;
    overflow: auto;
    padding: 0.25em 1.25em 0.5em;
  }
  .bottom {
    flex: none;
    max-height: 60%;
    overflow: auto;
    padding: 0.75em 1.25em 0.5em;
    border-block-start: 1px solid rgb(0 0 0 / 0.12);
  }
  .bottom .status {
    margin-block-start: 0.5em;
  }
  /* No message yet: no empty line taking room from the list on a small screen. */
  .bottom .status:empty {
    min-height: 0;
    margin-block: 0.25em 0;
  }
  @media (prefers-reduced-motion: reduce) {
    input[role='switch']::after {
      transition: none;
    }
  }
`,
];
