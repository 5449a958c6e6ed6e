/**
 * The impact panel's page: an empty shell that loads the bundled script and style. Nothing from a
 * commit, a file or a tracker is ever written into it; data arrives by `postMessage` and the script
 * renders it as text. Pure, so the CSP is tested without VS Code.
 */

export interface ImpactHtmlInput {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  readonly cspSource: string;
  /** Fresh for each page; only the script carrying it runs. */
  readonly nonce: string;
  /** `webview.asWebviewUri` of `dist/webview/impactView.js`, as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri` of `media/impact.css`, as a string. */
  readonly styleUri: string;
}

/**
 * The page, under a CSP that loads nothing remote: no inline script or style, images only from the
 * extension or `data:` (Chart.js exports), fonts from the extension.
 */
export function impactHtml(input: ImpactHtmlInput): string {
  const csp = impactCsp(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(input.styleUri)}">
<title>Debt Lens</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">Loading…</p></main>
<script nonce="${attribute(input.nonce)}" src="${attribute(input.scriptUri)}"></script>
</body>
</html>
`;
}

export function impactCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The page's own values are URIs and a base64 nonce, but an attribute is escaped all the same. */
function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
