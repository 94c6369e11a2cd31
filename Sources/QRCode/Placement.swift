extension ModuleGrid {
    /// Lays `codewords` into the non-function modules, most significant bit first, in the standard's path:
    /// two-module-wide columns from the right edge, alternately upward and downward, skipping the vertical timing column.
    /// Modules left over after the last codeword (the remainder bits) stay light.
    mutating func place(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var index = 0
        var upward = true
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction(x: x, y: y) && index < bitCount {
                    self[x, y] = (codewords[index / 8] >> UInt8(7 - index % 8)) & 1 == 1
                    index += 1
                }
            }
            upward.toggle()
            right -= 2
        }
        precondition(index == bitCount, "placed \(index) of \(bitCount) bits")
    }
}
