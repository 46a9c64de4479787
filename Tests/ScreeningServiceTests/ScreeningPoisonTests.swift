import Foundation
import MunicipalityGenerator
import PostgresNIO
import Shared
import XCTest
@testable import ScreeningService

/// A calendar and a registration in year 1 once made Screening step back into year 0 and trap, and
/// it crash-looped on the same batch (issue 16, finding 6). Dates outside the accepted years do not
/// decode: such events are dead-lettered and the events after them are processed.
final class ScreeningPoisonTests: XCTestCase {
    func testYearOneEventsAreDeadLetteredAndThePartitionGoesOn() async throws {
        let stack = try ScreeningTestStack()
        let prefix = "poison\(UUID().uuidString.prefix(6).lowercased())"
        let source = "/tests/screening"
        let producer = try stack.producer()
        let updated = Date()
        let yearOne = (1...12).map { SchoolDate(year: 1, month: 1, day: $0)! }
        let badSchool = "\(prefix)-skole-0"
        let badPupil = "\(prefix)-bad"
        let badCalendar = SchoolCalendar(schoolId: badSchool, schoolName: "Skole 0", schoolYear: "0000/01", schoolDays: yearOne, holidays: [],
                                         lessonsPerDay: 6, updatedAt: updated)
        // Its dead letter on pupil.directory.dlq is a reference (topic, partition, offset) under the pupil key, never the entry.
        let badEntry = PupilDirectoryEntry(pupilKey: badPupil, givenName: "", familyName: "", schoolId: badSchool, schoolName: "Skole 0",
                                           className: "1A", grade: 1, enrolledFrom: yearOne[0], updatedAt: updated)
        let badRegistrations = yearOne.map {
            AttendanceIngested(registrationId: "\(badPupil)/\($0)", pupilKey: badPupil, schoolId: badSchool, date: $0, period: .day, status: .absent,
                               absenceCategory: .unauthorized, minutesLate: nil, recordedAt: updated, sourceSystem: "tests", dayFraction: 1)
        }
        let term = IngestedTerm(Municipality(MunicipalityOptions(schools: 1, pupils: 4, seed: 3, schoolPrefix: "\(prefix)-skole", corrections: false)),
                                keyPrefix: prefix, days: 12)
        let good = term.days.indices.flatMap { term.attendance(day: $0) }

        // The bad ones first, each on the partition of the good pupils' keys too.
        var messages = try [badCalendar].map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.schoolCalendar.rawValue) }
        messages += try [badEntry].map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.pupilDirectory.rawValue) }
        messages += try badRegistrations.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.attendanceIngested.rawValue) }
        messages += try term.calendars.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.schoolCalendar.rawValue) }
        messages += try term.directory.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.pupilDirectory.rawValue) }
        _ = try await producer.send(messages)
        let events = try good.map { try CloudEvent($0, source: source) }
        _ = try await producer.send(events.map { $0.kafkaMessage(topic: FremmoedeTopic.attendanceIngested.rawValue) })

        try await stack.withPostgres { postgres in
            let processed = try await stack.processed(events.map(\.id), on: postgres, timeout: .seconds(60))
            XCTAssertEqual(processed, events.count, "the good events after the year-1 ones were processed")
        }

        let dlq = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: stack.value("KAFKA_BOOTSTRAP"), clientID: "screening-tests"), groupID: "screening-tests-\(UUID().uuidString)",
            topics: [FremmoedeTopic.attendanceIngested, .schoolCalendar, .pupilDirectory].map { $0.rawValue + ".dlq" }), logger: stack.logger)
        var letters = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, letters < badRegistrations.count + 2 {
            letters += try await dlq.poll(maxMessages: 2000, maxWait: .milliseconds(300))
                .filter { letter in
                    // The directory's dead letter is a reference under the pupil key; the others copy the event.
                    (String(decoding: letter.value, as: UTF8.self).contains(badSchool) || letter.keyString == badPupil)
                        && letter.header("dlq_consumer")?.stringValue == "screening"
                }.count
        }
        await dlq.close()
        XCTAssertEqual(letters, badRegistrations.count + 2, "every year-1 event is on its topic's .dlq")
    }
}
