import { css } from 'lit';
import { tokens } from '../shared/shared.styles.js';

/**
 * The placeholder's styles. CSS comments would ship inside the template (Lit does not minify
 * it), so the reasons live here:
 * - `:host` takes the provider's box, as an iframe's width and height attributes give one: the
 *   page's own CSS for the element (its style, a class) wins, as it would for the frame; the box
 *   inside fills it. `min-height: 0`: the ratio holds when the texts are taller (their `.body` scrolls).
 * - `overflow: hidden` on a box placeholder: its baseline is its bottom edge in every state (as an
 *   iframe's is), so a site that sets it inline-block sees no line move when it becomes the widget.
 * - `a.link` (a share link once live) has the same box as the button it replaces.
 * - a poster lies under the texts, dimmed on black so that white text stays readable on any picture.
 * - compact: no size containment, which would make a content-sized button 0 px wide.
 * - `.box`: title, texts, then "Load" and "Always allow" side by side while they fit (a line less
 *   to fit into a 16:9 box on a phone); centred while it fits. When the texts are taller than the
 *   box (a 320 px phone, a long locale), only `.body` between title and actions gives way and
 *   scrolls: the service's name, "Load" and "Always allow" stay in view, nothing is cut off, the
 *   box keeps its size (no layout shift). Two lines of text at least: in a box smaller still, the
 *   whole box scrolls. The texts fade out at an edge with more beyond it: a mask moved by the
 *   body's own scroll timeline (no script; whatever the background: `--ck-bg`, a poster, a page's
 *   `::part(container)`; none while nothing scrolls, when the timeline is inactive; browsers
 *   without scroll timelines show their scrollbar only). The body's small padding, kept clear when
 *   a focused link scrolls into view, holds the links' focus rings.
 * - Target size (WCAG 2.2 2.5.8, test/elements/target-size.test.ts): "Load" and "Always allow" are
 *   24 px high and 1em apart, rows 0.5em apart, rows of links 0.6em (24 px centre to centre at the
 *   0.75rem type of a narrow box).
 */
export const styles = [
  tokens,
  css`
  :host {
    --_bg: var(--ck-bg, #f3f4f6);
    display: block;
    width: var(--ck-box-width, 100%);
    height: var(--ck-box-height, auto);
    aspect-ratio: var(--ck-box-ratio, auto);
    min-height: 0;
    max-width: 100%;
    container-type: inline-size;
  }
  :host(:not([layout='compact'])) {
    overflow: hidden;
  }
  :host([layout='compact']) {
    display: inline-block;
    vertical-align: middle;
    width: var(--ck-box-width, auto);
    container-type: normal;
  }
  .box {
    box-sizing: border-box;
    width: 100%;
    height: 100%;
    overflow: auto;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    padding: 1em;
    display: flex;
    flex-direction: column;
    justify-content: safe center;
    gap: 0.5em;
    font-size: 0.875rem;
    line-height: 1.4;
  }
  .box.loaded {
    padding: 0;
    background: none;
    overflow: hidden;
  }
  @container (max-width: 420px) {
    .box {
      font-size: 0.75rem;
      padding: 0.5em 0.75em;
    }
  }
  p {
    margin: 0;
  }
  .title,
  .actions {
    flex: none;
  }
  .body {
    flex: 0 1 auto;
    min-height: 3em;
    overflow: auto;
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    padding: 4px;
    margin: -4px;
    scroll-padding-block: 4px;
  }
  @supports (animation-timeline: scroll()) {
    .body {
      mask-image: linear-gradient(transparent, #000 1.5em), linear-gradient(#000 calc(100% - 1.5em), transparent);
      mask-position: 0 -1.5em, 0 0;
      mask-size: 100% calc(100% + 1.5em);
      mask-repeat: no-repeat;
      mask-composite: intersect;
      animation: ck-edges linear both;
      animation-timeline: scroll(self);
    }
  }
  @keyframes ck-edges {
    0% {
      mask-position: 0 -1.5em, 0 -1.5em;
    }
    10%,
    90% {
      mask-position: 0 0, 0 -1.5em;
    }
    100% {
      mask-position: 0 0, 0 0;
    }
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6em 1em;
  }
  .links a {
    margin: 0;
  }
  .title {
    font-weight: 600;
    font-size: 1.1em;
  }
  a {
    color: inherit;
    margin-inline-end: 1em;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
  }
  .load {
    min-height: 24px;
    border: 0;
    padding: 0.5em 1em;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  .toggle {
    display: flex;
    min-height: 24px;
    align-items: center;
    gap: 0.4em;
    cursor: pointer;
  }
  input {
    margin: 0;
    accent-color: var(--_accent);
    width: 1.1em;
    height: 1.1em;
  }
  :host([layout='compact']) .box {
    width: var(--ck-box-width, auto);
  }
  a.link {
    box-sizing: border-box;
    display: flex;
    align-items: center;
    justify-content: center;
    height: 100%;
    padding: 0 0.75em;
    margin: 0;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-text);
    font-size: 0.8125rem;
    line-height: normal;
    text-decoration: none;
    white-space: nowrap;
  }
  iframe {
    display: block;
    width: 100%;
    height: 100%;
    border: 0;
  }
  .compact {
    position: relative;
    width: var(--ck-box-width, auto);
    height: var(--ck-box-height, auto);
  }
  [part='trigger'] {
    box-sizing: border-box;
    min-width: 100%;
    height: 100%;
    border: 1px solid var(--_accent);
    background: var(--_bg);
    color: var(--_fg);
    font-size: 0.8125rem;
    padding: 0 0.75em;
    white-space: nowrap;
  }
  .panel {
    position: absolute;
    z-index: 10;
    inset-block-start: calc(100% + 4px);
    inset-inline-start: 0;
    box-sizing: border-box;
    width: min(20rem, 90vw);
    display: flex;
    flex-direction: column;
    gap: 0.5em;
    padding: 1em;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
    font-size: 0.8125rem;
    line-height: 1.4;
  }
  .panel[hidden] {
    display: none;
  }
  .poster {
    position: relative;
    isolation: isolate;
    background: #000;
    color: #fff;
  }
  [part='poster'],
  ::slotted(img) {
    position: absolute;
    z-index: -1;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
    opacity: 0.4;
  }
`,
];
