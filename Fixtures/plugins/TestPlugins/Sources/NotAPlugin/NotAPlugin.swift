/// An ordinary Swift shared library with no Assay entry points.
public func addNumbers(_ a: Int, _ b: Int) -> Int { a + b }
