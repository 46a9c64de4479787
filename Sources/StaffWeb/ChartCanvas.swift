import Foundation

/// The frame every server-rendered SVG chart shares (pure, no I/O): the plot area, a 0…max axis of
/// rates (gridlines labelled in percent) or counts (whole numbers), x labels, dashed threshold lines with their names, and
/// an accessible wrapper (`role="img"` with a title and a text description for screen readers).
/// Only presentation attributes are used, so the page's Content-Security-Policy allows no inline style.
struct ChartCanvas {
    enum Unit: Sendable { case share, count }

    var width: Double
    var height: Double
    var yMax: Double
    var left = 44.0
    var right = 8.0
    var top = 10.0
    var bottom = 28.0
    /// Unique on the page: the title and description are referenced by id.
    var id = "chart"
    var unit = Unit.share

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func y(_ rate: Double) -> Double { top + plotHeight * (1 - min(max(rate, 0), yMax) / yMax) }

    /// A rate axis maximum that fits `peak` with room, in steps of 5 %, at least 20 %.
    static func niceMax(_ peak: Double) -> Double {
        max(0.2, (peak * 1.15 * 20).rounded(.up) / 20)
    }

    /// A count axis maximum that fits `peak` with room: at least 4, in steps that give four gridlines.
    static func niceCount(_ peak: Double) -> Double {
        let top = max(4, (peak * 1.15).rounded(.up))
        let step = countStep(top)
        return (top / step).rounded(.up) * step
    }

    /// Gridlines every 1, 2, 5, 10, 20, 50 … so that a count axis has at most four above zero.
    static func countStep(_ yMax: Double) -> Double {
        guard yMax.isFinite, yMax > 0 else { return 1 }
        var magnitude = 1.0
        while true {
            for factor in [1.0, 2.0, 5.0] where yMax / (factor * magnitude) <= 4 { return factor * magnitude }
            magnitude *= 10
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    func open(title: String, description: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Self.number(width)) \(Self.number(height))" role="img" aria-labelledby="\(id)-t \(id)-d" class="chart">\
        <title id="\(id)-t">\(Self.escape(title))</title><desc id="\(id)-d">\(Self.escape(description))</desc>
        """
    }

    func gridlines() -> String {
        var svg = ""
        let step = unit == .count ? Self.countStep(yMax) : yMax > 0.5 ? 0.25 : (yMax > 0.2 ? 0.1 : 0.05)
        var value = 0.0
        while value <= yMax + 1e-9 {
            let y = Self.number(self.y(value))
            svg += "<line x1=\"\(Self.number(left))\" y1=\"\(y)\" x2=\"\(Self.number(width - right))\" y2=\"\(y)\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(Self.number(left - 4))\" y=\"\(y)\" font-size=\"10\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#333\">\(label(value))</text>"
            value += step
        }
        return svg
    }

    /// An axis value as the unit shows it: "15 %" or "12".
    func label(_ value: Double) -> String {
        unit == .count ? "\(Int(value.rounded()))" : "\(Int((value * 100).rounded())) %"
    }

    /// Labels under the x axis at the centres given, thinned to at most `maxLabels`.
    func xLabels(_ labels: [(x: Double, text: String)], maxLabels: Int = 8) -> String {
        guard !labels.isEmpty else { return "" }
        let every = max(1, Int((Double(labels.count) / Double(maxLabels)).rounded(.up)))
        // The last label ends at its point, so that at the right edge it is not cut off.
        return labels.enumerated().filter { $0.offset % every == 0 }.map { label in
            let anchor = label.offset == labels.count - 1 && labels.count > 1 ? "end" : "middle"
            return "<text x=\"\(Self.number(label.element.x))\" y=\"\(Self.number(height - bottom + 16))\" font-size=\"10\" text-anchor=\"\(anchor)\" fill=\"#333\">\(Self.escape(label.element.text))</text>"
        }.joined()
    }

    /// A dashed line at `rate` with its name, at the right end (or the left, so neighbouring lines' names do not collide),
    /// with a white halo so the name stays readable over bars.
    func threshold(_ rate: Double, label: String, atLeft: Bool = false) -> String {
        guard rate <= yMax else { return "" }
        let y = Self.number(self.y(rate))
        let x = atLeft ? left + 4 : width - right - 2
        return "<line x1=\"\(Self.number(left))\" y1=\"\(y)\" x2=\"\(Self.number(width - right))\" y2=\"\(y)\" stroke=\"#8a1c1c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
            + "<text x=\"\(Self.number(x))\" y=\"\(Self.number(self.y(rate) - 3))\" font-size=\"10\" text-anchor=\"\(atLeft ? "start" : "end")\" fill=\"#8a1c1c\" "
            + "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">\(Self.escape(label))</text>"
    }

    func close() -> String { "</svg>" }
}
