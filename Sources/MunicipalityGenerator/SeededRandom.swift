/// Deterministic randomness for the generator: every decision is a pure function of the seed and
/// what it is about (a pupil, a day, a purpose), so one day can be generated without the days
/// before it, in any order, and the same options always give the same municipality.
struct SeededRandom: Sendable {
    private var state: UInt64

    init(_ seed: UInt64, _ parts: Int...) {
        var state = seed ^ 0x5EED_F00D_2026_0811
        for part in parts { state = Self.mix(state ^ UInt64(bitPattern: Int64(part)) &* 0x9E37_79B9_7F4A_7C15) }
        self.state = state
    }

    /// A number in [0, 1).
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Double(Self.mix(state) >> 11) / Double(1 << 53)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + min(range.count - 1, Int(next() * Double(range.count)))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// SplitMix64's finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
