import Foundation

/// Figures over months as lines — shares (e.g. pupils with particularly problematic absence) or
/// counts (underretninger), against the municipality's target (dashed) — for the dashboard, full size
/// or as a small sparkline. Pure: figures in, SVG out.
enum TrendChart {
    struct Series: Sendable {
        var name: String
        var values: [Double?]
        var color: String
        var dashed = false
    }

    static func render(months: [String], series: [Series], title: String, id: String, width: Double = 640, height: Double = 220, sparkline: Bool = false,
                       unit: ChartCanvas.Unit = .share) -> String {
        let peak = series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
        var canvas = ChartCanvas(width: width, height: height, yMax: unit == .count ? ChartCanvas.niceCount(peak) : ChartCanvas.niceMax(peak), id: id, unit: unit)
        if sparkline { (canvas.left, canvas.right, canvas.top, canvas.bottom) = (2, 2, 2, 2) }
        let step = canvas.plotWidth / Double(max(months.count - 1, 1))
        func x(_ index: Int) -> Double { canvas.left + step * Double(index) }
        let description = series.map { line in
            line.name + ": " + zip(months, line.values).map { "\($0.0) \($0.1.map { describe($0, unit) } ?? "–")" }.joined(separator: ", ")
        }.joined(separator: "; ")
        var svg = canvas.open(title: title, description: description) + (sparkline ? "" : canvas.gridlines())
        for line in series {
            // A gap in the data breaks the line rather than drawing through it.
            var segments: [[(Double, Double)]] = [[]]
            for (index, value) in line.values.enumerated() {
                if let value { segments[segments.count - 1].append((x(index), canvas.y(value))) } else if !segments[segments.count - 1].isEmpty { segments.append([]) }
            }
            for segment in segments where !segment.isEmpty {
                let points = segment.map { "\(ChartCanvas.number($0.0)),\(ChartCanvas.number($0.1))" }.joined(separator: " ")
                svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(sparkline ? 1.5 : 2.5)\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
                if !sparkline && segment.count == 1 {
                    svg += "<circle cx=\"\(ChartCanvas.number(segment[0].0))\" cy=\"\(ChartCanvas.number(segment[0].1))\" r=\"3\" fill=\"\(line.color)\"/>"
                }
            }
        }
        if !sparkline { svg += canvas.xLabels(months.enumerated().map { (x($0.offset), $0.element) }) }
        return svg + canvas.close()
    }

    /// A value for the text description: a share to a tenth of a percent ("12.5 %"), a count to a tenth.
    static func describe(_ value: Double, _ unit: ChartCanvas.Unit) -> String {
        let tenths = Int((value * (unit == .count ? 10 : 1000)).rounded())
        let text = tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
        return unit == .count ? text : text + " %"
    }
}
