extension HTMLReport {
    /// The page's only stylesheet: system fonts, light and dark palettes, print rules.
    /// (Public: the service's console serves it as the base of its own stylesheet, so both look alike.)
    public static let stylesheet = """
        :root {
          --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa; --accent: #0969da;
          --excluded: #c62828; --flagged: #b45f06; --downweighted: #5569c4; --trusted: #2e7d32; --code-bg: #eff2f5;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #161b22; --accent: #4493f8;
            --excluded: #ff6b63; --flagged: #e3a33b; --downweighted: #8c9eff; --trusted: #3fb950; --code-bg: #262c36;
          }
        }
        * { box-sizing: border-box; }
        html { background: var(--bg); color: var(--fg); }
        body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif; }
        code, pre, .digest, .token { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.88em; }
        code { background: var(--code-bg); padding: 0.05em 0.35em; border-radius: 4px; overflow-wrap: anywhere; }
        pre { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 12px 14px; overflow-x: auto; line-height: 1.4; }
        pre code { background: none; padding: 0; white-space: pre; overflow-wrap: normal; }
        .digest { overflow-wrap: anywhere; color: var(--muted); }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--border); }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        h4 { font-size: 14px; margin: 14px 0 6px; }
        header .meta { color: var(--muted); margin: 0 0 8px; }
        nav a { margin-right: 14px; font-size: 14px; }
        .muted { color: var(--muted); }
        .small { font-size: 12px; }
        .lede { font-size: 17px; margin: 6px 0 14px; }
        .t-excluded { color: var(--excluded); }
        .t-flagged { color: var(--flagged); }
        .cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; }
        .card { border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; background: var(--panel); }
        .card .value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .card .label { font-weight: 600; }
        .card .note { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
        .card.excluded { border-color: var(--excluded); border-left-width: 5px; }
        .card.excluded .value { color: var(--excluded); }
        .card.flagged { border-color: var(--flagged); border-left-width: 5px; }
        .card.flagged .value { color: var(--flagged); }
        .charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; margin-top: 16px; align-items: start; }
        figure { margin: 0; border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; }
        figcaption { font-weight: 600; margin-bottom: 8px; }
        svg { max-width: 100%; height: auto; display: block; }
        svg text { fill: var(--muted); font-size: 11px; font-family: inherit; }
        svg text.count { fill: var(--fg); font-weight: 600; }
        svg .axis { stroke: var(--border); stroke-width: 1; }
        svg .bar { fill: var(--trusted); }
        svg .bar.mid { fill: var(--downweighted); }
        svg .bar.low { fill: var(--excluded); }
        svg .empty { fill: var(--border); }
        .s-excluded { fill: var(--excluded); background: var(--excluded); }
        .s-flagged { fill: var(--flagged); background: var(--flagged); }
        .s-downweighted { fill: var(--downweighted); background: var(--downweighted); }
        .s-trusted { fill: var(--trusted); background: var(--trusted); }
        .legend { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 14px; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .badge { display: inline-block; font-size: 12px; font-weight: 650; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; vertical-align: 1px; }
        .badge.excluded { color: var(--excluded); }
        .badge.flagged { color: var(--flagged); }
        .badge.downweighted { color: var(--downweighted); }
        .badge.trusted { color: var(--trusted); }
        .chip { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 7px; border-radius: 4px; background: var(--code-bg); border: 1px solid var(--border); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--border); }
        thead th { font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.overview tr.excluded td:first-child { box-shadow: inset 4px 0 var(--excluded); }
        table.overview tr.flagged td:first-child { box-shadow: inset 4px 0 var(--flagged); }
        article.annotator { border: 1px solid var(--border); border-left: 5px solid var(--border); border-radius: 8px; padding: 4px 16px 12px; margin: 16px 0; break-inside: avoid-page; }
        article.annotator.excluded { border-left-color: var(--excluded); }
        article.annotator.flagged { border-left-color: var(--flagged); }
        article.annotator.downweighted { border-left-color: var(--downweighted); }
        article.annotator .facts { color: var(--muted); margin: 0 0 8px; }
        .decision { background: var(--panel); border: 1px dashed var(--border); border-radius: 6px; padding: 6px 10px; }
        .reasons { margin: 6px 0 10px; padding-left: 20px; }
        details.finding { border: 1px solid var(--border); border-radius: 6px; margin: 8px 0; background: var(--panel); }
        details.finding > summary { cursor: pointer; padding: 8px 12px; line-height: 1.6; }
        details.finding[open] > summary { border-bottom: 1px solid var(--border); }
        details.finding .action { font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.02em; }
        details.finding.exclude_annotator .action, details.finding.exclude_ratings .action { color: var(--excluded); }
        details.finding.flag_for_review .action { color: var(--flagged); }
        details.finding.downweight .action { color: var(--downweighted); }
        details.finding .strength { color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
        details.finding .sentence { display: block; }
        table.evidence { margin: 4px 0 8px; }
        table.evidence th { width: 220px; font-weight: 600; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 13px; }
        table.evidence td { line-height: 1.9; }
        table.evidence tr:last-child th, table.evidence tr:last-child td { border-bottom: none; }
        table.files td, table.rules td { vertical-align: baseline; }
        code.token { background: var(--bg); border: 1px solid var(--excluded); color: var(--excluded); font-weight: 650; }
        .number { font-variant-numeric: tabular-nums; font-weight: 600; }
        td.prompt { max-width: 380px; }
        td.differs { color: var(--excluded); font-weight: 600; }
        article.group { border: 1px solid var(--border); border-radius: 8px; padding: 4px 16px 8px; margin: 12px 0; }
        .ids { line-height: 1.9; }
        tr.failed td.outcome { color: var(--excluded); font-weight: 650; }
        tr.skipped td.outcome { color: var(--flagged); font-weight: 650; }
        ul.params { list-style: none; margin: 0; padding: 0; }
        ul.params li { margin: 0 0 3px; }
        ul.params code { white-space: nowrap; }
        table.rules .digest { display: block; margin-top: 2px; }
        dl.facts-list { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; }
        dl.facts-list dt { color: var(--muted); }
        dl.facts-list dd { margin: 0; overflow-wrap: anywhere; }
        .note-box { border-left: 4px solid var(--flagged); background: var(--panel); padding: 8px 12px; }
        .alert { border: 1px solid var(--excluded); border-left-width: 5px; border-radius: 6px; padding: 8px 12px; margin: 0 0 14px; }
        .alert b { color: var(--excluded); }
        .ok { color: var(--trusted); font-weight: 600; }
        .warn { color: var(--flagged); }
        footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--border); padding-top: 10px; }
        @media (max-width: 820px) { .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } .charts { grid-template-columns: 1fr; } }
        @media print {
          :root { --bg: #fff; --fg: #000; --muted: #444; --panel: #fff; --code-bg: #f3f3f3; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          nav { display: none; }
          a { color: inherit; }
          details::details-content { content-visibility: visible; display: block; }
          details > summary { list-style: none; }
          h2 { break-after: avoid; }
          .cards, .charts, figure, details, tr { break-inside: avoid; }
          pre { white-space: pre-wrap; }
        }

        """
}
