/// A binary min-heap of ratings not yet written, ordered by submission time (then item, then annotator, so the order
/// is the same on every run). Each entry is 16 bytes: memory grows with the ratings in flight, not the total.
struct PendingRatings {
    struct Entry: Comparable {
        let time: Int64
        let item: UInt32
        let annotator: UInt32

        static func < (left: Entry, right: Entry) -> Bool {
            (left.time, left.item, left.annotator) < (right.time, right.item, right.annotator)
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    /// The earliest pending rating.
    var first: Entry? { heap.first }

    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest pending rating.
    mutating func pop() -> Entry? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { break }
            let right = left + 1
            let smaller = right < heap.count && heap[right] < heap[left] ? right : left
            guard heap[smaller] < heap[parent] else { break }
            heap.swapAt(smaller, parent)
            parent = smaller
        }
        return top
    }
}
