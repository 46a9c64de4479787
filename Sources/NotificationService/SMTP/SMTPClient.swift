import Dispatch
import Foundation

/// Hands messages to the SMTP relay. libcurl's easy interface blocks for the whole conversation,
/// so every send runs on a queue of its own, off Swift's cooperative pool; the caller awaits.
struct SMTPClient: Sendable {
    let configuration: SMTPConfiguration
    private let queue = DispatchQueue(label: "fremmoede.notification.smtp", attributes: .concurrent)

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    func send(_ message: MIMEMessage) async throws(SMTPError) {
        let transfer = CurlSMTPTransfer(configuration: configuration, recipient: message.to.address, message: message.bytes)
        let result: Result<Void, SMTPError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(SMTPError) {
                    try transfer.perform()
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        try result.get()
    }
}
