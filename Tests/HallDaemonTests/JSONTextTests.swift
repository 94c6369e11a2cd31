import Foundation
import HallCore
import Testing

@testable import HallDaemon

/// The hand-written JSON of the hot views is byte for byte what JSONEncoder writes, so clients cannot tell them apart.
@Suite struct JSONTextTests {
    struct Random {
        var generator = SplitMix64(seed: 7)
        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
        mutating func bool() -> Bool { int(0...1) == 1 }
        mutating func text() -> String {
            let pieces = ["A017", "窗口", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "é", "😀", "\u{2028}", " ", "x", ""]
            return (0..<int(0...6)).map { _ in pieces[int(0...(pieces.count - 1))] }.joined()
        }
        mutating func maybe(_ make: (inout Random) -> String) -> String? { bool() ? make(&self) : nil }
        mutating func maybeInt() -> Int? { bool() ? int(-5...100_000) : nil }
        mutating func date() -> String { ISOTime.string(Date(timeIntervalSince1970: Double(int(0...4_000_000_000)) / 1000 * 997)) }

        mutating func ticket() -> TicketView {
            var t = TicketView(Ticket.sample)
            (t.id, t.number, t.service, t.priority, t.status) = (text(), text(), text(), text(), text())
            (t.position, t.estimatedWaitSeconds, t.window, t.transferredToWindow, t.rating) = (
                maybeInt(), maybeInt(), maybeInt(), maybeInt(), maybeInt()
            )
            (t.recalls, t.transfers) = (int(0...9), int(0...9))
            t.issuedAt = date()
            (t.calledAt, t.startedAt, t.finishedAt, t.secret) = (maybe { $0.date() }, maybe { $0.date() }, maybe { $0.date() }, maybe { $0.text() })
            return t
        }

        mutating func window() -> WindowStateView {
            WindowStateView(
                number: int(1...66), status: text(), officer: maybe { $0.text() }, ticket: bool() ? ticket() : nil,
                pausedAt: maybe { $0.date() }, pauseReason: maybe { $0.text() }, since: maybe { $0.date() },
                services: (0..<int(0...4)).map { _ in text() })
        }
    }

    func same(_ view: some JSONWritable) throws {
        let expected = try JSONEncoder.api.encode(view)
        #expect(view.jsonBytes == Array(expected), "\(String(decoding: expected, as: UTF8.self))")
    }

    @Test func ticketsWindowsAndEventsMatchJSONEncoder() throws {
        var random = Random()
        for _ in 0..<300 {
            try same(random.ticket())
            try same(random.window())
            var details: [String: String] = [:]
            for _ in 0..<random.int(0...4) { details[random.text()] = random.text() }
            let event = EventView(
                seq: Int64(random.int(0...1_000_000)), kind: random.text(), at: random.date(), ticket: random.bool() ? random.ticket() : nil,
                window: random.bool() ? random.window() : nil, details: details)
            try same(event)
            let queues = QueuesView(
                at: random.date(), lastEventId: Int64(random.int(0...99_999)), totalWaiting: random.int(0...30_000), openWindows: random.int(0...66),
                services: (0..<random.int(0...5)).map { _ in
                    ServiceLineView(
                        code: random.text(), waiting: random.int(0...999), longestWaitSeconds: random.int(0...9_999),
                        estimatedWaitSeconds: random.maybeInt(), next: (0..<random.int(0...5)).map { _ in random.text() })
                },
                windows: (0..<random.int(0...4)).map { _ in random.window() },
                recentCalls: (0..<random.int(0...3)).map { _ in
                    RecentCall(number: random.text(), service: random.text(), window: random.int(1...66), at: random.date(), kind: random.text())
                })
            try same(queues)
        }
    }

    /// Whole seconds as Foundation's calendar writes them, then the millisecond the store keeps (rounded, never
    /// truncated by the binary fraction).
    @Test func instantsAreWrittenToTheNearestMillisecond() {
        let style = Date.ISO8601FormatStyle()
        var generator = SplitMix64(seed: 11)
        var millis: [Int64] = [0, -1_500, 1_000, 951_782_400_000, 4_102_444_799_999, 1_764_455_472_123]
        millis += (0..<20_000).map { _ in Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator) }
        for ms in millis {
            let whole = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
            let seconds = Date(timeIntervalSince1970: Double(whole)).formatted(style)
            let expected = seconds.dropLast() + "." + String(format: "%03d", ms - whole * 1000) + "Z"
            #expect(ISOTime.string(Date(timeIntervalSince1970: Double(ms) / 1000)) == expected, "\(ms)")
        }
        #expect(ISOTime.string(Date(timeIntervalSince1970: 1.0004)) == "1970-01-01T00:00:01.000Z")
        #expect(ISOTime.string(Date(timeIntervalSince1970: 1.0006)) == "1970-01-01T00:00:01.001Z")
    }
}

extension Ticket {
    /// A ticket to start views from (every field is then replaced).
    static let sample = Ticket(
        id: TicketID("t"), number: "A001", service: "A", priority: .normal, day: "2026-11-30", sequence: 1,
        issuedAt: Date(timeIntervalSince1970: 1_764_455_472), secret: "s")
}
