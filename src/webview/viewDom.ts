/// <reference lib="dom" />
/**
 * DOM building for the panel. Every string shown comes from commits, files or trackers, so text goes
 * in through `textContent` and attributes through `setAttribute`, never through `innerHTML`.
 */

import type { ViewLink } from '../editor/impactMessages';
import type { ViewCell, ViewTable } from '../editor/impactViewModel';

export type FollowLink = (link: ViewLink) => void;

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** A section with a heading (the heading's text is what tests and screen readers find it by). */
export function section(parent: HTMLElement, heading: string, id: string): HTMLElement {
  const node = element('section', 'panel-section');
  node.id = id;
  node.setAttribute('aria-labelledby', `${id}-heading`);
  const title = element('h2', undefined, heading);
  title.id = `${id}-heading`;
  node.append(title);
  parent.append(node);
  return node;
}

export function paragraph(parent: HTMLElement, text: string, className = 'muted'): void {
  if (text !== '') {
    parent.append(element('p', className, text));
  }
}

export function renderTable(parent: HTMLElement, table: ViewTable, follow: FollowLink): void {
  if (table.rows.length === 0) {
    paragraph(parent, table.empty);
    return;
  }
  const node = element('table');
  const head = element('thead');
  const headRow = element('tr');
  table.columns.forEach((column, index) => {
    // A column of numbers is right-aligned under a right-aligned header.
    const cell = element('th', table.rows.every((row) => row[index]?.numeric === true) ? 'numeric' : undefined, column);
    cell.setAttribute('scope', 'col');
    headRow.append(cell);
  });
  head.append(headRow);
  const body = element('tbody');
  for (const row of table.rows) {
    const tr = element('tr');
    for (const cell of row) {
      tr.append(renderCell(cell, follow));
    }
    body.append(tr);
  }
  node.append(head, body);
  // A table wider than a narrow panel scrolls sideways rather than breaking numbers and headers.
  const scroller = element('div', 'table-scroll');
  scroller.append(node);
  parent.append(scroller);
}

/**
 * Appends text that may wrap after a `/` or a `.` and nowhere inside a word: a path in a narrow
 * column breaks between its segments (`src/billing/` · `invoice.ts`), a name like `computeTotal`
 * stays whole and the table scrolls instead. Text nodes and `<wbr>` only, so nothing is parsed.
 */
export function appendBreakable(parent: HTMLElement, text: string): void {
  for (const part of text.split(/(?<=[/.])/)) {
    if (parent.childNodes.length > 0) {
      parent.append(document.createElement('wbr'));
    }
    parent.append(document.createTextNode(part));
  }
}

function renderCell(cell: ViewCell, follow: FollowLink): HTMLTableCellElement {
  const td = element('td', cell.numeric ? 'numeric' : undefined);
  if (cell.link) {
    const button = linkButton('', cell.link, follow, cell.hint);
    appendBreakable(button, cell.text);
    td.append(button);
  } else {
    appendBreakable(td, cell.text);
    if (cell.hint !== undefined) {
      td.title = cell.hint;
    }
  }
  return td;
}

/** A button (Set Status, Open Entry): it posts to the host, which runs the command. */
export function actionButton(text: string, link: ViewLink, follow: FollowLink): HTMLButtonElement {
  const button = element('button', 'action', text);
  button.type = 'button';
  button.title = defaultHint(link);
  button.addEventListener('click', () => follow(link));
  return button;
}

/** A button styled as a link: it posts to the host, which decides what opening means. */
export function linkButton(text: string, link: ViewLink, follow: FollowLink, hint?: string): HTMLButtonElement {
  const button = element('button', 'link', text);
  button.type = 'button';
  button.title = hint ?? defaultHint(link);
  button.addEventListener('click', () => follow(link));
  return button;
}

function defaultHint(link: ViewLink): string {
  switch (link.type) {
    case 'openFile':
      return link.line === undefined ? `Open ${link.path}` : `Open ${link.path} at line ${link.line}`;
    case 'openEntry':
      return `Open debt entry ${link.id}`;
    case 'setStatus':
      return `Set the status of ${link.id}`;
    case 'openBacklog':
      return `Open backlog item ${link.ref}`;
    case 'openExternal':
      return link.url;
  }
}

/** A canvas in a sized box (Chart.js sizes the canvas to its parent), described for screen readers. */
export function chartCanvas(parent: HTMLElement, label: string, className = 'chart'): HTMLCanvasElement {
  const box = element('div', className);
  const canvas = element('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  box.append(canvas);
  parent.append(box);
  return canvas;
}
