import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// Erasure sticks (issue 16, finding 7): events for a pupil that were in flight when the pupil was
/// erased — attendance for Screening, a directory entry, a concern and a summary for Planning, case
/// events for Notification — arrive after the erasure and bring nothing back: every export stays
/// empty, Planning shows neither the pupil nor a legal task, and the compacted `absence.summary`
/// ends with a tombstone for the pupil.
final class ErasureSticksTests: XCTestCase {
    func testEventsInFlightForAnErasedPupilBringNothingBack() async throws {
        let stack = try SecurityStack()
        let fixture = try await PupilAcrossServices.make(stack)
        let (pupil, dpo, leader, tag, school) = (fixture.pupil, fixture.dpo, fixture.leader, fixture.tag, fixture.school)
        func export(_ service: String) async throws -> [String: [Any]] {
            let reply = try await stack.send(service, "GET", "/v1/pupils/\(pupil)/export", credential: dpo)
            XCTAssertEqual(reply.status, 200, "\(service): \(reply.text)")
            return reply.json["parts"] as? [String: [Any]] ?? [:]
        }
        func left() async throws -> [String] {
            var left: [String] = []
            for service in ["intake", "screening", "planning", "notification"] {
                for (part, rows) in try await export(service) where !rows.isEmpty { left.append("\(service).\(part): \(rows.count)") }
            }
            return left
        }
        try await stack.eventually("Screening and Notification hold the pupil") {
            let screening = try await export("screening")["pupil_days"] ?? []
            let notification = try await export("notification")["pupil_events"] ?? []
            return !screening.isEmpty && !notification.isEmpty
        }

        // The events "in flight" below were made before the erasure: their CloudEvents time is now.
        // (An event made after it is a re-enrolment and goes in — the erasure epoch, issue 20 finding 12.)
        let madeBeforeTheErasure = Date()
        try await Task.sleep(for: .milliseconds(20))
        let erased = try await stack.send("intake", "POST", "/v1/pupils/\(pupil)/erasure", credential: dpo, body: ["reason": "anmodning j.nr. 2026-18"])
        XCTAssertEqual(erased.status, 202, erased.text)
        var before: [String] = []
        do {
            try await stack.eventually("the erasure reached every service") {
                before = try await left()
                return before.isEmpty
            }
        } catch {
            XCTFail("left after the erasure: \(before)")
            throw error
        }

        // Events produced before the erasure and delivered after it: one of each kind the services consume.
        let inFlight = try EventExamples.all().filter {
            [FremmoedeTopic.attendanceIngested, .pupilDirectory, .concernRaised, .absenceSummary, .caseOpened, .planUpdated, .caseClosed]
                .map(\.rawValue).contains($0.topic ?? "")
        }.map { try Self.retarget($0, pupil: pupil, school: school, tag: tag, time: madeBeforeTheErasure) }
        XCTAssertEqual(inFlight.count, 7)
        let producer = try TestStack.producer()
        _ = try await producer.send(inFlight.map { $0.kafkaMessage(topic: $0.topic!) })

        // Each service has read them (its inbox holds their ids) and refused them.
        let expected = [
            "screening": inFlight.filter { [FremmoedeTopic.attendanceIngested.rawValue, FremmoedeTopic.pupilDirectory.rawValue].contains($0.topic) },
            "planning": inFlight.filter { [FremmoedeTopic.concernRaised, .absenceSummary, .pupilDirectory].map(\.rawValue).contains($0.topic) },
            "notification": inFlight.filter { [FremmoedeTopic.concernRaised, .caseOpened, .planUpdated, .caseClosed].map(\.rawValue).contains($0.topic) },
        ]
        for (schema, events) in expected {
            let ids = events.map(\.id)
            try await TestStack.withPostgres(schema: schema) { postgres in
                try await stack.eventually("\(schema) read the events in flight") {
                    let rows = try await postgres.query("SELECT count(*)::int FROM \(unescaped: schema).inbox WHERE event_id = ANY(\(ids))", logger: TestStack.logger)
                    for try await count in rows.decode(Int.self) { return count == ids.count }
                    return false
                }
            }
        }
        // The outbox relay and Planning's own handlers run after the inbox transaction commits.
        try await Task.sleep(for: .seconds(2))
        let remaining = try await left()
        XCTAssertEqual(remaining, [], "what the events in flight brought back")
        let planningPupil = try await stack.send("planning", "GET", "/v1/pupils/\(pupil)", credential: leader)
        XCTAssertNotEqual(planningPupil.status, 200, "the erased pupil stays gone from the school's view")
        let tasks = try await TestStack.withPostgres(schema: "planning") { postgres in
            let rows = try await postgres.query("SELECT count(*)::int FROM planning.legal_tasks WHERE pupil_key = \(pupil)", logger: TestStack.logger)
            for try await count in rows.decode(Int.self) { return count }
            return -1
        }
        XCTAssertEqual(tasks, 0, "no legal task for the erased pupil")

        // absence.summary: Screening's last message for the pupil is a tombstone (compaction then
        // drops the key). The summary this test injected comes after it and is left out: every
        // summary Screening made before the erasure precedes the tombstone on the partition.
        let injected = Set(inFlight.map(\.id))
        let summaries = try TestStack.consumer(group: TestStack.unique("summary-tombstone"), topics: [FremmoedeTopic.absenceSummary.rawValue])
        var last: KafkaConsumerMessage?
        var sawInjected = false
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !sawInjected {
            for message in try await summaries.poll(maxMessages: 2000, maxWait: .milliseconds(300)) where message.keyString == pupil {
                if let id = message.header("ce_id")?.stringValue, injected.contains(id) {
                    sawInjected = true
                } else {
                    last = message
                }
            }
        }
        await summaries.close()
        XCTAssertTrue(sawInjected, "read absence.summary up to the injected summary")
        XCTAssertNotNil(last, "Screening published summaries for the pupil")
        XCTAssertEqual(last?.isTombstone, true, "Screening's last absence.summary for the pupil is a tombstone")
        XCTAssertEqual(last?.headers.isEmpty, true, "a tombstone carries no CloudEvents headers")
    }

    /// An example event about `pupil` at `school`, made at `time`, with ids of its own.
    static func retarget(_ example: CloudEvent, pupil: String, school: String, tag: String, time: Date) throws -> CloudEvent {
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(example.data)) as? [String: Any])
        object["pupilKey"] = pupil
        object["schoolId"] = school
        for field in ["concernId", "caseId", "registrationId"] where object[field] != nil { object[field] = "\(object[field]!)-\(tag)" }
        if example.topic == FremmoedeTopic.attendanceIngested.rawValue {
            object["status"] = "absent"
            object["absenceCategory"] = "unauthorized"
            object["date"] = "2026-11-23"
            object["minutesLate"] = nil
            object["replacesRegistrationId"] = nil
        }
        if example.topic == FremmoedeTopic.concernRaised.rawValue { object["concernIds"] = nil }
        if example.topic == FremmoedeTopic.caseOpened.rawValue { object["concernIds"] = ["con-1-\(tag)"] }
        return CloudEvent(type: example.type, source: example.source, time: time, subject: pupil, key: pupil,
                          data: Array(try JSONSerialization.data(withJSONObject: object)))
    }
}
