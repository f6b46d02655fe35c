extension HTMLReport {
    /// The summary: a one-line verdict, cards, the status bar and the weight histogram.
    static func summary(_ layout: ReportLayout) -> String {
        let counts = layout.model.counts
        let a = counts.annotators
        let total = a.trusted + a.downweighted + a.flagged + a.excluded
        var html = "<section id=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n"
        html += "<p class=\"lede\"><strong class=\"t-excluded\">\(F.count(a.excluded)) excluded</strong> and "
        html += "<strong class=\"t-flagged\">\(F.count(a.flagged)) flagged</strong> of \(F.count(total)) annotators; "
        html += "\(F.count(counts.ratingsExcluded)) of \(F.count(counts.ratingsInSnapshot)) ratings left out "
        html += "(\(F.percent(counts.ratingsExcluded, of: counts.ratingsInSnapshot))).</p>\n"
        if counts.ratingsSuperseded > 0 {
            html += "<p>\(F.count(counts.ratingsSuperseded)) ratings superseded by a later revision (an edited annotation): "
            html += "left out before the run, not in the dataset; the newest revision of each is in the snapshot's count.</p>\n"
        }
        if let warning = layout.incompleteRulesWarning {
            html += "<p class=\"alert\" role=\"alert\"><b>Warning:</b> \(h(warning)) <a href=\"#rules\">See the rules</a>.</p>\n"
        }
        html += "<div class=\"cards\">\n"
        let cards: [(String, Int, String, String)] = [
            ("Annotators excluded", a.excluded, "excluded", "every rating left out"),
            ("Annotators flagged", a.flagged, "flagged", "held until a reviewer decides"),
            ("Ratings in snapshot", counts.ratingsInSnapshot, "", "snapshot \(layout.model.run.snapshot.name)"),
            ("Ratings kept", counts.ratingsKept, "", F.percent(counts.ratingsKept, of: counts.ratingsInSnapshot) + " of the snapshot"),
            ("Ratings excluded", counts.ratingsExcluded, "", "listed in exclusions.jsonl"),
            ("Dataset rows", counts.datasetRows, "", "dataset.jsonl"),
            ("Score rows", counts.scoreRows, "", "scores.jsonl"),
            ("Items left out", counts.itemsLeftOutUncertain, "", "consensus too uncertain"),
        ]
        for (label, value, tone, note) in cards {
            let toneClass = tone.isEmpty || value == 0 ? "" : " \(tone)"
            html += "<div class=\"card\(toneClass)\"><div class=\"value\">\(F.count(value))</div>"
            html += "<div class=\"label\">\(label)</div><div class=\"note\">\(h(note))</div></div>\n"
        }
        html += "</div>\n"
        if !counts.datasetRowsByMargin.isEmpty {
            html += "<table class=\"margins\"><caption>Dataset rows by consensus margin (P(chosen) − P(rejected)); "
            html += "filter <code>dataset.jsonl</code> on <code>margin</code> to keep only the more decisive</caption>\n"
            html += "<thead><tr><th scope=\"col\">margin at least</th><th scope=\"col\">rows</th><th scope=\"col\">share</th></tr></thead>\n<tbody>\n"
            for band in counts.datasetRowsByMargin {
                html += "<tr><td>\(String(format: "%.2f", band.lower))</td><td>\(F.count(band.rows))</td>"
                html += "<td>\(F.percent(band.rows, of: counts.datasetRows))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "<div class=\"charts\">\n"
        html += "<figure>\n<figcaption>Annotators by status</figcaption>\n" + statusBar(a) + "</figure>\n"
        html += "<figure>\n<figcaption>Annotator weights (\(F.count(layout.model.weights.count)) annotators)</figcaption>\n"
        html += histogram(layout) + "</figure>\n"
        html += "</div>\n</section>\n"
        return html
    }

    /// A stacked bar of annotators by status, with a legend.
    static func statusBar(_ a: ReportModel.AnnotatorCounts) -> String {
        let segments: [(ReportModel.Status, Int)] = [
            (.excluded, a.excluded), (.flagged, a.flagged), (.downweighted, a.downweighted), (.trusted, a.trusted),
        ]
        let total = segments.reduce(0) { $0 + $1.1 }
        let width = 560.0
        let minimum = 4.0
        let visible = segments.filter { $0.1 > 0 }
        // Every non-empty status gets at least `minimum` pixels so one excluded annotator among thousands still shows.
        let reserved = minimum * Double(visible.count)
        let spread = max(0, width - reserved)
        var x = 0.0
        var svg = "<svg class=\"statusbar\" viewBox=\"0 0 560 28\" width=\"560\" height=\"28\" role=\"img\" aria-label=\""
        svg += segments.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "\">\n"
        svg += "<title>Annotators by status: " + segments.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "</title>\n"
        if total == 0 {
            svg += "<rect class=\"empty\" x=\"0\" y=\"0\" width=\"560\" height=\"28\" rx=\"4\"/>\n"
        }
        for (status, count) in visible {
            let w = minimum + spread * Double(count) / Double(max(1, total))
            svg += "<rect class=\"s-\(status.rawValue)\" x=\"\(svgNumber(x))\" y=\"0\" width=\"\(svgNumber(w))\" height=\"28\"/>\n"
            x += w
        }
        svg += "</svg>\n<ul class=\"legend\">"
        for (status, count) in segments {
            svg += "<li><span class=\"swatch s-\(status.rawValue)\"></span>\(status.rawValue) <b>\(F.count(count))</b> "
            svg += "<span class=\"muted\">\(F.percent(count, of: total))</span></li>"
        }
        svg += "</ul>\n"
        return svg
    }

    /// The weight histogram: ten bins over [0, 1], counts above the bars.
    static func histogram(_ layout: ReportLayout) -> String {
        let bins = layout.histogram
        let largest = max(1, bins.map(\.count).max() ?? 1)
        let (left, right, top, bottom) = (36.0, 552.0, 18.0, 150.0)
        let step = (right - left) / Double(bins.count)
        var svg =
            "<svg class=\"histogram\" viewBox=\"0 0 560 180\" width=\"560\" height=\"180\" role=\"img\" aria-label=\"Histogram of annotator weights\">\n"
        svg +=
            "<title>Annotator weights: " + bins.map { "\(F.weight($0.lower))–\(F.weight($0.upper)): \($0.count)" }.joined(separator: "; ")
            + "</title>\n"
        svg += "<line class=\"axis\" x1=\"\(svgNumber(left))\" y1=\"\(svgNumber(bottom))\" x2=\"\(svgNumber(right))\" y2=\"\(svgNumber(bottom))\"/>\n"
        for (index, bin) in bins.enumerated() {
            let height = (bottom - top) * Double(bin.count) / Double(largest)
            let x = left + step * Double(index) + 3
            let tone = bin.upper <= 0.2 ? " low" : (bin.upper <= 0.7 ? " mid" : "")
            if bin.count > 0 {
                svg +=
                    "<rect class=\"bar\(tone)\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(bottom - max(1, height)))\" width=\"\(svgNumber(step - 6))\" height=\"\(svgNumber(max(1, height)))\"><title>\(F.weight(bin.lower))–\(F.weight(bin.upper)): \(bin.count)</title></rect>\n"
            }
            svg +=
                "<text class=\"count\" x=\"\(svgNumber(x + (step - 6) / 2))\" y=\"\(svgNumber(bottom - max(1, height) - 4))\" text-anchor=\"middle\">\(F.count(bin.count))</text>\n"
        }
        for tick in 0...10 {
            let x = left + step * Double(tick)
            svg +=
                "<text class=\"tick\" x=\"\(svgNumber(x))\" y=\"\(svgNumber(bottom + 15))\" text-anchor=\"middle\">\(tick == 0 ? "0" : tick == 10 ? "1" : String(format: "%.1f", Double(tick) / 10))</text>\n"
        }
        svg += "<text class=\"tick\" x=\"\(svgNumber((left + right) / 2))\" y=\"176\" text-anchor=\"middle\">weight</text>\n"
        svg += "</svg>\n"
        if layout.weightsOutOfRange > 0 {
            svg += "<p class=\"warn\">\(F.count(layout.weightsOutOfRange)) weights were outside [0, 1] and are not drawn.</p>\n"
        }
        return svg
    }

    /// A coordinate with at most one decimal, locale-independent.
    static func svgNumber(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
