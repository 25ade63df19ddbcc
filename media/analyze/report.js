// The image report page. Every string in the report comes from an image (history, file names, labels) and
// is hostile: it is only ever put into the page with textContent or setAttribute, never as markup.
// Actions go to the extension by postMessage; there are no inline handlers (the CSP forbids them anyway).
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('report');

  function el(tag, options, children) {
    const node = document.createElement(tag);
    if (options) {
      if (options.text !== undefined) node.textContent = String(options.text);
      if (options.className) node.className = options.className;
      if (options.title !== undefined) node.setAttribute('title', String(options.title));
      if (options.label !== undefined) node.setAttribute('aria-label', String(options.label));
      if (options.onClick) node.addEventListener('click', options.onClick);
    }
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  function bytes(n) {
    if (!(n >= 0)) return '?';
    if (n < 1000) return n + ' B';
    const units = ['kB', 'MB', 'GB', 'TB'];
    let v = n / 1000;
    let u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return v.toFixed(v < 10 ? 1 : 0) + ' ' + units[u];
  }
  const percent = (r) => (r * 100).toFixed(1) + ' %';
  const oneLine = (s, max) => {
    const f = String(s).replace(/\s+/g, ' ').trim();
    return f.length > max ? f.slice(0, max - 1) + '…' : f;
  };

  function button(text, label, onClick, className) {
    const b = el('button', { text, label, onClick, className: className || 'link' });
    b.type = 'button';
    return b;
  }

  /** A "line N" button that reveals the line, or plain text when there is no Dockerfile line. */
  function lineCell(layer, line, hasDockerfile) {
    const cell = el('td');
    const text = 'layer ' + layer + (line ? ', line ' + line : '');
    if (line && hasDockerfile)
      cell.appendChild(button(text, 'Go to line ' + line + ' of the Dockerfile', () => vscode.postMessage({ type: 'reveal', line })));
    else cell.textContent = text;
    return cell;
  }

  function table(caption, headers, rows) {
    const head = el('thead', null, [
      el(
        'tr',
        null,
        headers.map((h) => el('th', { text: h })),
      ),
    ]);
    const t = el('table', null, [el('caption', { text: caption }), head, el('tbody', null, rows)]);
    return t;
  }

  function section(title, children) {
    return el('section', null, [el('h2', { text: title })].concat(children));
  }

  function summary(report) {
    const list = el('dl', { className: 'summary' });
    const add = (term, value) => {
      list.appendChild(el('dt', { text: term }));
      list.appendChild(el('dd', { text: value }));
    };
    add('Stored', bytes(report.sizeBytes) + ' in ' + report.layers.length + ' layers, ' + report.fileCount + ' files visible');
    add('Wasted', bytes(report.wastedBytes) + ' (' + report.wastedFileCount + ' files hidden by later layers)');
    add('Efficiency', percent(report.efficiency));
    add(
      'Above the base',
      bytes(report.aboveBase.sizeBytes) +
        ' stored, ' +
        bytes(report.aboveBase.wastedBytes) +
        ' wasted, efficiency ' +
        percent(report.aboveBase.efficiency) +
        ' (base: ' +
        report.base.layerCount +
        ' layers, found by ' +
        report.base.how +
        ')',
    );
    if (report.aboveBase.baseBytesHidden)
      add('Base files hidden', bytes(report.aboveBase.baseBytesHidden) + ' of the base image are hidden by later layers but still stored');
    if (report.dockerfile) add('Dockerfile', report.dockerfile);
    return list;
  }

  function layerChart(report, hasDockerfile) {
    const max = Math.max(1, ...report.layers.map((l) => l.sizeBytes));
    const rows = report.layers.map((l) => {
      const bar = el('div', { className: 'bar', label: bytes(l.sizeBytes) + ' stored, ' + bytes(l.wastedBytes) + ' wasted' });
      bar.setAttribute('role', 'img');
      const stored = el('div', { className: 'stored' });
      stored.style.width = ((l.sizeBytes / max) * 100).toFixed(2) + '%';
      const wasted = el('div', { className: 'wasted' });
      wasted.style.width = l.sizeBytes ? ((l.wastedBytes / l.sizeBytes) * 100).toFixed(2) + '%' : '0%';
      stored.appendChild(wasted);
      bar.appendChild(stored);
      return el('tr', { className: l.inBase ? 'base' : '' }, [
        lineCell(l.index, l.line, hasDockerfile),
        el('td', { className: 'chart' }, [bar]),
        el('td', { text: bytes(l.sizeBytes), className: 'num' }),
        el('td', { text: l.wastedBytes ? bytes(l.wastedBytes) : '', className: 'num waste' }),
        el('td', { text: oneLine(l.createdBy, 400) + (l.inBase ? '  (base image)' : ''), title: l.createdBy, className: 'cmd' }),
      ]);
    });
    return section('Layers', [
      el('p', { className: 'legend', text: 'Bar: bytes stored by the layer; the marked part is wasted (hidden by a later layer).' }),
      table('Layers, bottom first', ['Layer', 'Size', 'Stored', 'Wasted', 'Created by'], rows),
    ]);
  }

  function wasteSection(report, hasDockerfile) {
    const fixes = report.wastePairs.filter((p) => p.fix);
    const fixRows = fixes.map((p) => {
      const cells = [el('td', { text: p.fix.title }), el('td', { text: p.fix.rule, className: 'mono' })];
      const action = el('td');
      if (hasDockerfile && p.fix.savesBytes > 0) {
        const lines = [p.hiddenLine, p.addedLine].filter((n) => n);
        action.appendChild(
          button(
            'Apply fix',
            'Apply the ' + p.fix.rule + ' quick fix',
            () => vscode.postMessage({ type: 'applyFix', rule: p.fix.rule, lines }),
            'action',
          ),
        );
        action.appendChild(
          button(
            'Prove',
            'Build the Dockerfile as it is and with the ' + p.fix.rule + ' fix, and show what it changes before applying it',
            () => vscode.postMessage({ type: 'proveFix', rule: p.fix.rule, lines }),
            'action',
          ),
        );
      }
      cells.push(action);
      return el('tr', null, cells);
    });
    const fileRows = report.wastedFiles.map((f) =>
      el('tr', null, [
        el('td', { text: f.path, className: 'path' }),
        el('td', { text: bytes(f.bytes), className: 'num' }),
        lineCell(f.addedInLayer, f.addedLine, hasDockerfile),
        lineCell(f.hiddenInLayer, f.hiddenLine, hasDockerfile),
        el('td', { text: f.how }),
      ]),
    );
    const parts = [];
    if (fixRows.length) parts.push(table('Fixes that avoid the waste', ['Fix', 'Rule', ''], fixRows));
    parts.push(
      fileRows.length
        ? table(
            'Wasted files, largest first (' + report.wastedFiles.length + ' of ' + report.wastedFileCount + ')',
            ['Path', 'Bytes', 'Written by', 'Hidden by', 'How'],
            fileRows,
          )
        : el('p', { text: 'No wasted bytes: every stored file is visible in the final filesystem.' }),
    );
    return section('Waste', parts);
  }

  function pathsSection(report) {
    const files = report.largestFiles
      .slice(0, 30)
      .map((f) => el('tr', null, [el('td', { text: f.path, className: 'path' }), el('td', { text: bytes(f.bytes), className: 'num' })]));
    const dirs = report.largestDirectories
      .slice(0, 30)
      .map((d) =>
        el('tr', null, [
          el('td', { text: d.path, className: 'path' }),
          el('td', { text: bytes(d.bytes), className: 'num' }),
          el('td', { text: String(d.files || 0), className: 'num' }),
        ]),
      );
    return section('Largest paths', [
      table('Largest files of the final filesystem', ['Path', 'Bytes'], files),
      table('Largest directories', ['Path', 'Bytes', 'Files'], dirs),
    ]);
  }

  function secretsSection(report) {
    if (!report.secrets.length) return section('Secrets', [el('p', { text: 'No credential-looking files or variables found.' })]);
    const rows = report.secrets.map((s) =>
      el('tr', null, [
        el('td', { text: s.kind }),
        el('td', { text: s.where }),
        el('td', { text: s.path, className: 'path' }),
        el('td', {
          text:
            s.layer !== undefined
              ? 'layer ' + s.layer + (s.visible === false ? ' (deleted later, still in that layer)' : '')
              : s.historyIndex !== undefined
                ? 'history entry ' + s.historyIndex
                : '',
        }),
      ]),
    );
    return section('Secrets left in the image', [
      el('p', {
        className: 'warning',
        text: 'Values are never shown. Anyone who can pull the image can read them: rotate them, and pass them with RUN --mount=type=secret.',
      }),
      table('Secrets (kind and location only)', ['Kind', 'Where', 'Name or path', 'Layer'], rows),
    ]);
  }

  function render(report, hasDockerfile) {
    const toolbar = el('div', { className: 'toolbar' }, [
      button(
        'Export Markdown',
        'Export the report as Markdown',
        () => vscode.postMessage({ type: 'export', format: 'markdown' }),
        'action',
      ),
      button('Export JSON', 'Export the report as JSON', () => vscode.postMessage({ type: 'export', format: 'json' }), 'action'),
    ]);
    const page = el('div', null, [
      el('h1', { text: 'Image ' + report.image }),
      toolbar,
      summary(report),
      layerChart(report, hasDockerfile),
      wasteSection(report, hasDockerfile),
      pathsSection(report),
      secretsSection(report),
    ]);
    root.replaceChildren(page);
    // What the report shows, for the extension's tests: its text, and how many elements of risky kinds it holds
    // (none may come from the image's strings; the page's own scripts are outside the report element).
    const count = (selector) => root.querySelectorAll(selector).length;
    vscode.postMessage({
      type: 'rendered',
      text: (root.textContent || '').slice(0, 500000),
      elements: {
        img: count('img'),
        script: count('script'),
        iframe: count('iframe'),
        a: count('a'),
        button: count('button'),
        tr: count('tr'),
      },
    });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'report' || !message.report) return;
    try {
      render(message.report, !!message.hasDockerfile);
    } catch (error) {
      root.replaceChildren(el('p', { className: 'warning', text: 'The report could not be shown: ' + (error && error.message) }));
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
