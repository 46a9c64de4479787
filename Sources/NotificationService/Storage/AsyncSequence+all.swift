extension AsyncSequence {
    /// Every element, in order (for the short row sequences of this service's queries).
    func all() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
