import Foundation
import Shared

/// The services' own counters from their Prometheus pages, by series with the labels sorted
/// (`events_consumed_total{consumer=screening}`), so label order on the page does not matter.
struct ServiceCounters {
    let intake: String
    let screening: String

    struct Reading {
        var intake: [String: Double]
        var screening: [String: Double]
        var at: ContinuousClock.Instant

        var intakeAccepted: Int { Int(intake["intake_registrations_total{channel=kafka,result=accepted}"] ?? 0) }
        var intakeRejected: Int { Int(intake["intake_registrations_total{channel=kafka,result=rejected}"] ?? 0) }
        var intakeFeedBusy: Double { intake["event_batches_seconds_total{consumer=intake-feed}"] ?? 0 }
        var intakePublished: Int { Int(intake["outbox_published_total{topic=attendance.ingested}"] ?? 0) }
        var screeningConsumed: Int { Int(screening["events_consumed_total{consumer=screening}"] ?? 0) }
        var screeningBusy: Double { screening["event_batches_seconds_total{consumer=screening}"] ?? 0 }
        var screeningDeadLettered: Int { Int(screening["events_dead_lettered_total{topic=attendance.ingested.dlq}"] ?? 0) }
    }

    func read() async throws -> Reading {
        async let intakePage = page(intake)
        async let screeningPage = page(screening)
        return Reading(intake: try await intakePage, screening: try await screeningPage, at: .now)
    }

    private func page(_ base: String) async throws -> [String: Double] {
        let answer = try await HTTPExchange.send("GET", base + "/metrics", timeout: .seconds(10))
        guard answer.status == 200 else { throw NationalBenchmarkError("GET \(base)/metrics answered \(answer.status)") }
        var series: [String: Double] = [:]
        for line in answer.text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            series[Self.normalised(line[..<space]), default: 0] += value
        }
        return series
    }

    /// `name{b="2", a="1"}` → `name{a=1,b=2}`.
    static func normalised(_ series: Substring) -> String {
        guard let open = series.firstIndex(of: "{"), series.hasSuffix("}") else { return String(series).trimmingCharacters(in: .whitespaces) }
        let labels = series[series.index(after: open)..<series.index(before: series.endIndex)]
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "") }
            .sorted()
        return "\(series[..<open]){\(labels.joined(separator: ","))}"
    }
}
