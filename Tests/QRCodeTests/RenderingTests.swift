import Testing

@testable import QRCode

@Suite struct RenderingTests {
    let code: QRCode

    init() throws { code = try QRCode(encoding: RoundTripTests.ticketURL, correction: .quartile) }

    @Test func svgIsOneCrispPathOnAWhiteBackground() throws {
        let svg = code.svg()
        let side = code.size + 8
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(side * 4)\" height=\"\(side * 4)\""))
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(!svg.contains("<title>"))
        #expect(svg.hasSuffix("\"/></svg>"))
    }

    @Test func svgPathRectanglesRedrawExactlyTheDarkModules() throws {
        let quiet = 4
        let svg = code.svg(moduleSize: 3, quietZone: quiet)
        let d = try #require(svg.split(separator: "d=\"").last?.split(separator: "\"").first)
        var drawn = Set<[Int]>()
        for rectangle in d.split(separator: "z") {
            // Each rectangle is "M<x> <y>h<run>v1h-<run>".
            let numbers = rectangle.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5, "unexpected path piece \(rectangle)")
            let (x, y, run) = (numbers[0] - quiet, numbers[1] - quiet, numbers[2])
            #expect(numbers[3] == 1 && numbers[4] == -run)
            for dx in 0..<run { #expect(drawn.insert([x + dx, y]).inserted, "module drawn twice") }
        }
        var dark = Set<[Int]>()
        for y in 0..<code.size { for x in 0..<code.size where code[x, y] { dark.insert([x, y]) } }
        #expect(drawn == dark)
    }

    @Test func svgTitleIsEscaped() {
        let svg = code.svg(title: "Ticket <A012> & \"you\"")
        #expect(svg.contains("<title>Ticket &lt;A012&gt; &amp; &quot;you&quot;</title>"))
        #expect(svg.contains("role=\"img\""))
    }

    @Test func pbmHeaderAndPixelsFollowTheModules() throws {
        let scale = 3
        let text = String(decoding: code.pbm(scale: scale), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.removeFirst() == "P1")
        let side = (code.size + 8) * scale
        #expect(lines.removeFirst() == "\(side) \(side)")
        #expect(lines.allSatisfy { $0.count <= 70 })
        let pixels = lines.joined().filter { $0 == "0" || $0 == "1" }.map { $0 == "1" }
        #expect(pixels.count == side * side)
        for py in 0..<side {
            for px in 0..<side {
                let expected = code[px / scale - 4, py / scale - 4]
                if pixels[py * side + px] != expected {
                    Issue.record("pixel (\(px), \(py)) should be \(expected ? "dark" : "light")")
                    return
                }
            }
        }
    }

    @Test func pgmIsBlackOnWhiteWithAQuietZone() throws {
        let text = String(decoding: code.pgm(scale: 2, quietZone: 1), as: UTF8.self)
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let side = (code.size + 2) * 2
        #expect(Array(tokens.prefix(4)) == ["P2", "\(side)", "\(side)", "255"])
        let samples = tokens.dropFirst(4).map { Int($0)! }
        #expect(samples.count == side * side)
        #expect(Set(samples) == [0, 255])
        #expect(samples[0..<side].allSatisfy { $0 == 255 }, "quiet zone row")
        // The upper-left finder's corner module starts after one quiet module: pixel (2, 2).
        #expect(samples[2 * side + 2] == 0 && samples[2 * side + 1] == 255)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 70 })
    }

    @Test func subscriptOutsideTheSymbolIsLight() {
        #expect(!code[-1, 0] && !code[0, -1] && !code[code.size, 0] && !code[0, code.size])
        #expect(code[0, 0])
    }
}
