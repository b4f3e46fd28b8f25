// A stand-in for the VS Code webview host, loaded (under the page's nonce) before the playground's
// module: acquireVsCodeApi with getState/setState kept in sessionStorage (so a reload restores, as
// VS Code's does), the theme's --vscode-* variables and body class, an `init` answer to `ready`,
// and records of posted messages and CSP violations for the tests. Like VS Code's webview frame, it
// forwards every keydown that reaches the window to the "workbench", which answers Ctrl/Cmd+A
// a moment later with document.execCommand('selectAll') (the webview's Select All command).
(function () {
  const params = new URLSearchParams(location.search);
  const themes = window.__HARNESS_THEMES__;
  const theme = themes[params.get('theme') || 'dark'];
  for (const [name, value] of Object.entries(theme.vars)) if (value) document.documentElement.style.setProperty(`--vscode-${name}`, value);
  document.body.classList.add(theme.bodyClass);

  const harness = { posted: [], violations: [], errors: [] };
  window.__harness = harness;
  document.addEventListener('securitypolicyviolation', (event) =>
    harness.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
  );
  window.addEventListener('error', (event) => harness.errors.push(String(event.message)));

  const preset = params.get('preset');
  const request = preset ? { preset, ...(params.get('units') ? { units: Number(params.get('units')) } : {}) } : null;
  const settings = { backend: params.get('backend') || 'auto', stepsPerFrame: Number(params.get('spf') || 10), learningRate: 0.01 };

  // VS Code's pre/index.html: contentWindow.addEventListener('keydown', handleInnerKeydown) posts
  // 'did-keydown' to the workbench; its keybinding for Ctrl+A sends 'execCommand selectAll' back.
  window.addEventListener('keydown', (event) => {
    const selectAll = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a';
    if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) harness.forwardedKeys = (harness.forwardedKeys || 0) + 1;
    if (selectAll) setTimeout(() => document.execCommand('selectAll'), 30);
  });

  let api = null;
  window.acquireVsCodeApi = function () {
    if (api) throw new Error('acquireVsCodeApi may only be called once');
    api = {
      postMessage(message) {
        harness.posted.push(JSON.parse(JSON.stringify(message)));
        if (message && message.type === 'ready') {
          setTimeout(() => window.postMessage({ type: 'init', settings, state: null, request }, '*'), 0);
        }
      },
      getState() {
        const raw = sessionStorage.getItem('nn-state');
        return raw ? JSON.parse(raw) : undefined;
      },
      setState(state) {
        sessionStorage.setItem('nn-state', JSON.stringify(state));
      },
    };
    return api;
  };
})();
