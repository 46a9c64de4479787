import ServiceLifecycle
import Synchronization

/// Opens once start-up work (migrations) is done; services that need the schema wait for it.
public final class StartupGate: Sendable {
    private let opened = Atomic<Bool>(false)

    public init() {}

    public func open() { opened.store(true, ordering: .releasing) }

    public var isOpen: Bool { opened.load(ordering: .acquiring) }

    /// Returns true once open; false if the service is shutting down first.
    public func wait() async -> Bool {
        while !isOpen {
            if Task.isCancelled || Task.isShuttingDownGracefully { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

/// Runs a service only after the gate opened.
public struct GatedService: Service {
    let gate: StartupGate
    let service: any Service

    public init(gate: StartupGate, service: any Service) {
        self.gate = gate
        self.service = service
    }

    public func run() async throws {
        guard await gate.wait() else { return }
        try await service.run()
    }
}
