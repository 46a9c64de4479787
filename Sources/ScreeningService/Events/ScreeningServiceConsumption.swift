import Shared

/// The topics ScreeningService consumes (architecture §1), all in one consumer group through
/// `ScreeningBatchHandler`, batch by batch, rather than by per-event handlers.
enum ScreeningServiceConsumption {
    static let topics: [FremmoedeTopic] = ScreeningBatchHandler.topics
}
