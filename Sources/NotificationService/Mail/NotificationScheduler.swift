import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Fires due reminders and, from the digest hour on, writes the daily digests. Safe with any number
/// of replicas: both steps lock what they take (`FOR UPDATE SKIP LOCKED`) and mark it in the same
/// transaction.
struct NotificationScheduler: Service {
    let reminders: ReminderStore
    let digests: DigestStore
    let delivery: NoticeDelivery
    let digestHour: Int
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await tick(now: Date())
            } catch {
                logger.error("reminders or digests failed; trying again", metadata: ["error": "\(LoggableError.describe(error))"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    func tick(now: Date) async throws {
        while try await reminders.fireDue(delivery: delivery) > 0 {}
        let cutoff = LocalTime.lastDigestMoment(before: now, hour: digestHour)
        _ = try await digests.compose(cutoff: cutoff, templates: delivery.templates, from: delivery.from, publicBaseURL: delivery.publicBaseURL)
    }
}
