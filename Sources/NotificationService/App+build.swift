import Foundation
import Hummingbird
import Shared

/// Builds NotificationService: the shared runtime (database, Kafka, health, metrics), the routes
/// (`buildRouter`), the event handlers, the e-mail sender, the reminder and digest scheduler and
/// the retention job.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let notification = try NotificationConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: NotificationServiceMigrations.all)
    let (logger, postgres) = (runtime.logger, runtime.postgres)
    let templates = try MailTemplates()
    let delivery = NoticeDelivery(templates: templates, from: notification.smtp.from, publicBaseURL: notification.publicBaseURL)
    let sender = MailSender(
        outbox: EmailOutbox(postgres: postgres, logger: logger), smtp: SMTPClient(configuration: notification.smtp),
        backoff: RetryBackoff(base: notification.retryBaseDelay, ceiling: notification.retryMaxDelay),
        maxAttempts: notification.maxAttempts, lease: notification.lease, pollInterval: notification.pollInterval,
        worker: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))",
        logger: logger)
    let scheduler = NotificationScheduler(
        reminders: ReminderStore(postgres: postgres, logger: logger), digests: DigestStore(postgres: postgres, logger: logger),
        delivery: delivery, digestHour: notification.digestHour, pollInterval: notification.pollInterval, logger: logger)
    return try runtime.makeApplication(
        router: buildRouter(runtime, notification, templates: templates),
        consumption: NotificationServiceConsumption.make(delivery: delivery, reminderHour: notification.digestHour),
        extraServices: [sender, scheduler, try runtime.retentionJob(rules: NotificationRetention.rules)])
}

/// The staff API: routing rules, one's own preferences, the delivery log, a test e-mail.
func buildRouter(_ runtime: ServiceRuntime, _ notification: NotificationConfiguration, templates: MailTemplates) -> Router<StaffRequestContext> {
    let (logger, postgres) = (runtime.logger, runtime.postgres)
    let router = runtime.makeRouter(context: StaffRequestContext.self)
    let api = runtime.staffAPI(on: router, auth: notification.auth, pupilData: NotificationPupilData.inventory).group
    RoutingRulesController(store: RoutingRuleStore(postgres: postgres, logger: logger)).add(to: api)
    PreferencesController(store: PreferenceStore(postgres: postgres, logger: logger)).add(to: api)
    DeliveriesController(outbox: EmailOutbox(postgres: postgres, logger: logger)).add(to: api)
    TestEmailsController(postgres: postgres, templates: templates, from: notification.smtp.from,
                         publicBaseURL: notification.publicBaseURL, logger: logger).add(to: api)
    return router
}
