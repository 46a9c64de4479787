import Hummingbird

extension Parameters {
    /// A path parameter, percent-decoded.
    public func text(_ name: String) throws -> String {
        let raw = try require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
