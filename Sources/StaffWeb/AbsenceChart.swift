import Foundation
import Shared

/// A pupil's absence week by week as stacked bars by category (illness, authorized, unauthorized —
/// each as a share of the week's school days), with the rule thresholds drawn as dashed lines.
/// Pure: figures in, SVG text out.
enum AbsenceChart {
    struct Week: Equatable, Sendable {
        var weekStart: SchoolDate
        var schoolDays: Int
        var illness: Double
        var authorized: Double
        var unauthorized: Double

        var total: Double { illness + authorized + unauthorized }
        func share(_ days: Double) -> Double { schoolDays > 0 ? days / Double(schoolDays) : 0 }
    }

    struct Labels: Sendable {
        var title: String
        var illness: String
        var authorized: String
        var unauthorized: String
        var weekLabel: @Sendable (SchoolDate) -> String
    }

    struct Threshold: Sendable {
        var rate: Double
        var label: String
    }

    static let colors = (illness: "#5b8bd0", authorized: "#9a9a9a", unauthorized: "#c2410c")

    /// Days (absent fractions by category) summed into ISO weeks, over the weeks' school days when
    /// known (`schoolDays` by week start) and otherwise the school days seen that week.
    static func weeks(days: [(date: SchoolDate, illness: Double, authorized: Double, unauthorized: Double)],
                      schoolDays: [SchoolDate: Int], last count: Int = 26) -> [Week] {
        var byWeek: [SchoolDate: Week] = [:]
        for day in days {
            let start = day.date.adding(days: -(day.date.isoWeekday - 1))
            var week = byWeek[start] ?? Week(weekStart: start, schoolDays: 0, illness: 0, authorized: 0, unauthorized: 0)
            week.illness += day.illness
            week.authorized += day.authorized
            week.unauthorized += day.unauthorized
            week.schoolDays += 1
            byWeek[start] = week
        }
        // The calendar's count, but never fewer than the days with absence seen that week: the
        // summary's count for the current week can be older than the pupil's newest days.
        for (start, days) in schoolDays {
            let seen = byWeek[start]?.schoolDays ?? 0
            byWeek[start, default: Week(weekStart: start, schoolDays: days, illness: 0, authorized: 0, unauthorized: 0)].schoolDays = max(days, seen)
        }
        return Array(byWeek.values.sorted { $0.weekStart < $1.weekStart }.suffix(count))
    }

    static func render(_ weeks: [Week], thresholds: [Threshold], labels: Labels, width: Double = 640, height: Double = 240) -> String {
        let peak = weeks.map { $0.share($0.total) }.max() ?? 0
        let canvas = ChartCanvas(width: width, height: height, yMax: ChartCanvas.niceMax(max(peak, thresholds.map(\.rate).filter { $0 <= 0.2 }.max() ?? 0)),
                                 id: "absence")
        let slot = canvas.plotWidth / Double(max(weeks.count, 1))
        let barWidth = max(2, slot * 0.7)
        var svg = canvas.open(title: labels.title, description: describe(weeks, labels: labels)) + canvas.gridlines()
        var centres: [(x: Double, text: String)] = []
        for (index, week) in weeks.enumerated() {
            let x = canvas.left + slot * Double(index) + (slot - barWidth) / 2
            var base = 0.0
            for (days, color) in [(week.illness, colors.illness), (week.authorized, colors.authorized), (week.unauthorized, colors.unauthorized)] {
                let share = week.share(days)
                guard share > 0 else { continue }
                let top = canvas.y(base + share), bottom = canvas.y(base)
                svg += "<rect x=\"\(ChartCanvas.number(x))\" y=\"\(ChartCanvas.number(top))\" width=\"\(ChartCanvas.number(barWidth))\" height=\"\(ChartCanvas.number(bottom - top))\" fill=\"\(color)\"/>"
                base += share
            }
            centres.append((x + barWidth / 2, labels.weekLabel(week.weekStart)))
        }
        for (index, threshold) in thresholds.sorted(by: { $0.rate < $1.rate }).enumerated() {
            svg += canvas.threshold(threshold.rate, label: threshold.label, atLeft: index % 2 == 1)
        }
        return svg + canvas.xLabels(centres) + canvas.close()
    }

    /// The chart's figures in words, for screen readers.
    static func describe(_ weeks: [Week], labels: Labels) -> String {
        weeks.map { week in
            "\(labels.weekLabel(week.weekStart)): \(labels.illness) \(Int((week.share(week.illness) * 100).rounded())) %, "
                + "\(labels.authorized) \(Int((week.share(week.authorized) * 100).rounded())) %, "
                + "\(labels.unauthorized) \(Int((week.share(week.unauthorized) * 100).rounded())) %"
        }.joined(separator: "; ")
    }
}
