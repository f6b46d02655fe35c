import ArgumentParser

/// A share or probability given on the command line: a number in [0, 1] (`0.65`, or `65%`).
struct Share: ExpressibleByArgument, Sendable, Equatable {
    /// The share, in [0, 1].
    let value: Double

    init(_ value: Double) {
        self.value = value
    }

    init?(argument: String) {
        let percent = argument.hasSuffix("%")
        guard let number = Double(percent ? String(argument.dropLast()) : argument), number.isFinite else { return nil }
        let value = percent ? number / 100 : number
        guard (0...1).contains(value) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { String(value) }
}
