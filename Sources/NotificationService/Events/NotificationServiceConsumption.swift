import Shared

/// The topics NotificationService consumes (architecture §1) and the handler of each.
enum NotificationServiceConsumption {
    static func make(delivery: NoticeDelivery, reminderHour: Int) -> ServiceRuntime.Consumption {
        ServiceRuntime.Consumption(handlers: [
            .concernRaised: ConcernRaisedHandler(delivery: delivery),
            .caseOpened: CaseOpenedHandler(delivery: delivery),
            .planUpdated: PlanUpdatedHandler(delivery: delivery, reminderHour: reminderHour),
            .caseClosed: CaseClosedHandler(delivery: delivery),
            .pupilErased: PupilErasureHandler(data: NotificationPupilData.inventory),
        ])
    }
}
