import Shared

/// The topics PlanningService consumes (architecture §1) and the handler of each.
enum PlanningServiceConsumption {
    static func make(deadlines: LegalDeadlines = .standard) -> ServiceRuntime.Consumption {
        ServiceRuntime.Consumption(handlers: [
            .concernRaised: ConcernRaisedHandler(deadlines: deadlines),
            .concernResolved: ConcernResolvedHandler(),
            .absenceSummary: AbsenceSummaryHandler(),
            .pupilDirectory: PupilDirectoryHandler(),
            .schoolCalendar: SchoolCalendarHandler(),
            .pupilErased: PupilErasureHandler(data: PlanningPupilData.inventory),
        ])
    }
}
