/// SplitMix64 as a `RandomNumberGenerator`: one seeded sequence for the tools and tests that need
/// repeatable rows (the intake benchmark, Planning's dashboard fixture), over `SeededRandom`'s mix.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }
}
