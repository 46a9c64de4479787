import Shared

/// The topics ScreeningService consumes (architecture §1). They are read by `ScreeningProcessor`
/// in one consumer group, batch by batch, rather than by per-event handlers.
enum ScreeningServiceConsumption {
    static let topics: [FremmoedeTopic] = ScreeningProcessor.topics
}
