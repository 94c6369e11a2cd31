extension QRCode {
    /// A compact SVG: white background, one black `<path>` of horizontal runs, crisp edges, in a viewBox of modules.
    /// - Parameters:
    ///   - moduleSize: pixels per module for the `width`/`height` attributes (the drawing scales with its viewBox).
    ///   - quietZone: light margin in modules on every side; the standard asks for at least 4.
    ///   - title: optional accessible name, written as `<title>` (XML-escaped).
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String? = nil) -> String {
        precondition(moduleSize > 0 && quietZone >= 0, "module size must be positive and the quiet zone not negative")
        let side = size + 2 * quietZone
        let pixels = side * moduleSize
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(pixels)\" height=\"\(pixels)\""
        svg += " viewBox=\"0 0 \(side) \(side)\" shape-rendering=\"crispEdges\""
        if let title {
            svg += " role=\"img\"><title>\(Self.escapeXML(title))</title>"
        } else {
            svg += ">"
        }
        svg += "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
        svg += "<path fill=\"#000\" d=\"\(runPath(offset: quietZone))\"/></svg>"
        return svg
    }

    /// Path data with one closed rectangle per horizontal run of dark modules: `M x y h run v1 h -run z`.
    private func runPath(offset: Int) -> String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && self[x, y] { x += 1 }
                path += "M\(start + offset) \(y + offset)h\(x - start)v1h-\(x - start)z"
            }
        }
        return path
    }

    /// `text` safe inside XML character data and attribute values.
    static func escapeXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
