/// Nearest-rank percentiles of a sample, in milliseconds.
struct Percentiles {
    let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    func at(_ percent: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    var line: String {
        func ms(_ value: Double) -> String { value.isNaN ? "—" : String(Int(value.rounded())) }
        return "p50 \(ms(at(50))) ms, p90 \(ms(at(90))) ms, p99 \(ms(at(99))) ms, max \(ms(sorted.last ?? .nan)) ms (n = \(sorted.count))"
    }
}
