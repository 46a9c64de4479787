import Foundation
import Hummingbird
import Shared

/// Builds NotificationService: shared runtime (database, Kafka, health, metrics) plus its
/// migrations, the staff API, the event handlers, the e-mail sender and the reminder/digest
/// scheduler. Tests call this too.
func buildApplication(_ configuration: ServiceConfiguration) throws -> some ApplicationProtocol {
    let notification = try NotificationConfiguration(settings: configuration.settings)
    let runtime = try ServiceRuntime(configuration: configuration, migrations: NotificationServiceMigrations.all)
    let logger = runtime.logger
    let postgres = runtime.postgres
    let templates = try MailTemplates()
    let delivery = NoticeDelivery(templates: templates, from: notification.smtp.from, publicBaseURL: notification.publicBaseURL)
    let outbox = EmailOutbox(postgres: postgres, logger: logger)

    let router = runtime.makeRouter(context: StaffRequestContext.self)
    let api = router.group("/v1").add(middleware: StaffAuthMiddleware(verifier: StaffTokenVerifier(configuration: notification.auth, logger: logger)))
    AuditRoutes(postgres: runtime.postgres, logger: logger).add(to: api)
    PupilExportRoutes(postgres: postgres, data: NotificationPupilData.inventory, logger: logger).add(to: api)
    RoutingRulesController(store: RoutingRuleStore(postgres: postgres, logger: logger)).add(to: api)
    PreferencesController(store: PreferenceStore(postgres: postgres, logger: logger)).add(to: api)
    DeliveriesController(outbox: outbox).add(to: api)
    TestEmailsController(postgres: postgres, templates: templates, from: notification.smtp.from,
                         publicBaseURL: notification.publicBaseURL, logger: logger).add(to: api)

    let sender = MailSender(
        outbox: outbox, smtp: SMTPClient(configuration: notification.smtp),
        backoff: RetryBackoff(base: notification.retryBaseDelay, ceiling: notification.retryMaxDelay),
        maxAttempts: notification.maxAttempts, lease: notification.lease, pollInterval: notification.pollInterval,
        worker: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))",
        logger: logger)
    let scheduler = NotificationScheduler(
        reminders: ReminderStore(postgres: postgres, logger: logger), digests: DigestStore(postgres: postgres, logger: logger),
        delivery: delivery, digestHour: notification.digestHour, pollInterval: notification.pollInterval, logger: logger)
    return try runtime.makeApplication(
        router: router, consumption: NotificationServiceConsumption.make(delivery: delivery, reminderHour: notification.digestHour),
        extraServices: [sender, scheduler, RetentionJob(retention: try Retention(settings: configuration.settings, rules: NotificationRetention.rules),
                                                        postgres: postgres, logger: logger)])
}
