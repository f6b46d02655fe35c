import AssayReport

/// `/console/static/console.css`: the cleaning report's stylesheet (the same look) plus the console's forms,
/// navigation and timeline. Served as a file, so the Content-Security-Policy needs no inline style.
enum ConsoleStylesheet {
    static let css =
        HTMLReport.stylesheet + """
            header.console { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; border-bottom: 1px solid var(--border); padding-bottom: 10px; margin-bottom: 18px; }
            header.console .brand { font-weight: 700; font-size: 17px; margin: 0; }
            header.console nav a { font-size: 15px; }
            form.signout { margin-left: auto; }
            .skip { position: absolute; left: -9999px; }
            .skip:focus { position: static; }
            a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
            form.panel { border: 1px solid var(--border); border-radius: 8px; background: var(--panel); padding: 6px 16px; max-width: 860px; }
            fieldset { border: none; margin: 0; padding: 0; }
            legend { font-weight: 650; padding: 8px 0 0; }
            label { font-weight: 600; }
            form.filters label { margin: 0 4px 0 12px; }
            form.filters label:first-child { margin-left: 0; }
            input, select, textarea, button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 4px 8px; }
            textarea { width: 100%; }
            input[type=radio] { vertical-align: -1px; }
            button { background: var(--accent); color: #fff; border-color: var(--accent); font-weight: 600; cursor: pointer; padding: 5px 14px; }
            form.signout button { background: var(--bg); color: var(--accent); }
            .flash { border: 1px solid var(--trusted); border-left-width: 5px; border-radius: 6px; padding: 8px 12px; }
            caption { text-align: left; padding: 4px 0; }
            svg .grid { stroke: var(--border); stroke-width: 0.5; stroke-dasharray: 3 3; }
            svg .point { fill: var(--muted); fill-opacity: 0.75; }
            svg .point.agrees { fill: var(--trusted); }
            svg .point.disagrees { fill: var(--excluded); }
            svg .point.gold { stroke: var(--flagged); stroke-width: 2; }
            .s-neutral { background: var(--muted); }
            .s-gold { background: var(--bg); border: 2px solid var(--flagged); }
            td.disagrees { color: var(--excluded); font-weight: 600; }
            td.agrees { color: var(--trusted); }
            .badge.pending { color: var(--flagged); }
            .badge.released { color: var(--trusted); }

            """
}
