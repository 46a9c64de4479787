/// A `Duration` in the units the APIs around us take: librdkafka's milliseconds, swift-metrics'
/// nanoseconds, PostgreSQL intervals and the benchmarks' figures in seconds.
public extension Duration {
    /// Whole and fractional seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }

    /// Whole nanoseconds (rounded down).
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
