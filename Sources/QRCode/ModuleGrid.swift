/// The square of modules being built, with a note of which ones belong to function patterns (never masked, never data).
struct ModuleGrid: Equatable {
    /// Modules per side.
    let size: Int
    /// Row-major dark flags.
    private(set) var modules: [Bool]
    /// Row-major flags: the module is part of a finder, separator, timing, alignment, format or version area.
    private(set) var isFunction: [Bool]

    /// A light grid of `size` × `size` with no function modules yet.
    init(size: Int) {
        self.size = size
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    /// Whether the module in column `x`, row `y` is dark.
    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    /// Whether the module in column `x`, row `y` belongs to a function pattern.
    func isFunction(x: Int, y: Int) -> Bool { isFunction[y * size + x] }

    /// Sets a function module; coordinates outside the grid are ignored so patterns can be drawn with their margins.
    mutating func setFunction(x: Int, y: Int, dark: Bool) {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return }
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Flips every non-function module for which `pattern` holds.
    mutating func invert(where pattern: (_ x: Int, _ y: Int) -> Bool) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && pattern(x, y) { modules[y * size + x].toggle() }
        }
    }
}
