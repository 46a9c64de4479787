import Foundation
import Hummingbird
import PostgresNIO
import Shared

/// `GET /v1/pupils/{pupilKey}/absence`: a pupil's absence profile — the daily series by category,
/// current rates, open concerns with their explanation and earlier concerns. Every read is audited.
struct PupilProfileController: Sendable {
    let postgres: PostgresClient
    let store: ScreeningStore

    struct Day: Codable, Sendable {
        var date: SchoolDate
        var illness: Double
        var authorized: Double
        var unauthorized: Double
        var late: Bool
    }

    typealias Concern = ScreeningStore.Concern

    struct Profile: ResponseEncodable {
        var pupilKey: String
        var schoolId: String
        var enrolledFrom: SchoolDate?
        var enrolledTo: SchoolDate?
        var days: [Day]
        var current: AbsenceSummary?
        var openConcerns: [Concern]
        var earlierConcerns: [Concern]
        /// The quarter's count so far and where it is heading (`QuarterForecast`), as of the school's current day.
        var forecast: QuarterForecast?
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.get("/pupils/{pupilKey}/absence") { _, context -> Profile in
            let staff = try context.requireStaff()
            let pupilKey = try context.parameters.require("pupilKey")
            return try await postgres.withTransaction(logger: context.logger) { connection in
                let policy = try await PolicyStore(logger: store.logger).current(on: connection)
                guard let record = try await store.pupil(pupilKey, on: connection) else {
                    throw ProblemDetails(status: .notFound, type: "not-found", title: "No such pupil", detail: "Screening knows no pupil \(pupilKey)")
                }
                guard let role = ScreeningAccess.pupilReadRole(staff, schoolId: record.absence.schoolId) else {
                    throw ProblemDetails.forbidden("the pupil is not at one of your schools, or your roles do not include pupil data")
                }
                try await AuditLog.record(staff, role: role.rawValue, action: "read-absence-profile", pupils: [pupilKey],
                                          schoolId: record.absence.schoolId, on: connection, logger: context.logger)
                let calendars = try await store.calendars(on: connection)
                let calendar = calendars[record.absence.schoolId] ?? SchoolCalendarIndex(days: [])
                let today = try await store.watermarks(partitions: nil, on: connection)
                    .filter { $0.key.schoolId == record.absence.schoolId }.values.max()
                let concerns = try await store.concerns(pupilKey: pupilKey, on: connection)
                return Profile(
                    pupilKey: pupilKey, schoolId: record.absence.schoolId,
                    enrolledFrom: record.absence.enrolledFrom.map(SchoolDate.init(dayNumber:)),
                    enrolledTo: record.absence.enrolledTo.map(SchoolDate.init(dayNumber:)),
                    days: record.absence.days.map {
                        Day(date: SchoolDate(dayNumber: $0.day), illness: $0.illnessShare, authorized: $0.authorizedShare,
                            unauthorized: $0.unauthorizedShare, late: $0.isLate)
                    },
                    current: today.map { AbsenceSummaryBuilder(policy: policy.policy).summary(of: record, calendar: calendar, asOf: $0, computedAt: Date()) },
                    openConcerns: concerns.filter { $0.status == "open" },
                    earlierConcerns: concerns.filter { $0.status != "open" },
                    forecast: today.flatMap { QuarterForecast(pupil: record.absence, calendar: calendar, asOf: $0, policy: policy.policy) })
            }
        }
    }
}
