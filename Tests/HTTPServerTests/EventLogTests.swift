import Foundation
import HTTPServer
import Testing

@Suite struct EventLogTests {
    static func message(_ id: Int64, size: Int = 10) -> (id: Int64, bytes: [UInt8]) {
        (id, Array(String(repeating: Character(String(id % 10)), count: size).utf8))
    }

    static func readAll(_ log: EventLog, from offset: Int64) -> [UInt8]? {
        var out: [UInt8] = []
        var at = offset
        var chunk = [UInt8](repeating: 0, count: 7)
        while true {
            guard let n = chunk.withUnsafeMutableBytes({ log.read(from: at, into: $0.baseAddress!, max: 7) }) else { return nil }
            if n == 0 { return out }
            out += chunk[0..<n]
            at += Int64(n)
        }
    }

    @Test func aClientResumesRightAfterTheLastIdItSaw() throws {
        let log = EventLog(capacity: 4096, lastID: 100)
        #expect(log.offset(after: 100) == 0, "a client up to date at start needs nothing")
        #expect(log.offset(after: 99) == nil, "what came before the log began cannot be replayed")
        log.append((101...105).map { Self.message($0) })
        #expect(log.lastID == 105)
        #expect(log.offset(after: 102) == 20)
        #expect(Self.readAll(log, from: 20) == Self.message(103).bytes + Self.message(104).bytes + Self.message(105).bytes)
        #expect(log.offset(after: 105) == 50)
        #expect(log.offset(after: 106) == nil, "an id from the future means the client must resync")
    }

    @Test func theRingKeepsTheNewestBytesAndForgetsTheRest() throws {
        let log = EventLog(capacity: 4096, lastID: 0)
        log.append((1...1000).map { Self.message($0) })  // 10,000 bytes through a 4,096-byte ring
        #expect(log.endOffset == 10_000)
        #expect(log.offset(after: 500) == nil, "overwritten messages cannot be replayed")
        let resume = try #require(log.offset(after: 700))
        #expect(resume == 7_000)
        let bytes = try #require(Self.readAll(log, from: resume))
        #expect(bytes == (701...1000).flatMap { Self.message($0).bytes }, "bytes come back whole across the wrap")
        #expect(Self.readAll(log, from: 1_000) == nil, "a reader whose place was overwritten is told so")
    }

    @Test func aMessageLargerThanTheRingIsSkippedAndCountsAsLost() {
        let log = EventLog(capacity: 4096, lastID: 0)
        log.append([Self.message(1), Self.message(2, size: 5000), Self.message(3)])
        #expect(log.offset(after: 1) == nil, "message 2 cannot be replayed, so neither can anything from before it")
        #expect(log.offset(after: 2) == 10)
    }
}
