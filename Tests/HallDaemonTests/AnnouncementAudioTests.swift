import Foundation
import HallCore
import HallDaemon
import HallTesting
import Testing

/// The daemon's voice: a call rendered to audio is speech (seconds long, loud enough), in Chinese and in English, by
/// espeak-ng; recorded clips dropped in a folder take precedence, sample for sample. `sox` measures the audio.
@Suite struct AnnouncementAudioTests {
    static let espeak = "/usr/bin/espeak-ng"

    /// `sox FILE -n stat`'s length in seconds and RMS amplitude (0…1) of a WAV file.
    static func measure(_ wav: [UInt8]) throws -> (seconds: Double, rms: Double) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-voice-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(wav).write(to: file)
        let stat = try runTool("sox", [file.path, "-n", "stat"], mergingErrors: true).output
        func value(_ name: String) -> Double {
            let line = stat.split(separator: "\n").first { $0.hasPrefix(name) } ?? ""
            return Double(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
        }
        return (value("Length (seconds)"), value("RMS     amplitude"))
    }

    /// The 16-bit samples of a WAV file's data chunk.
    static func samples(_ wav: [UInt8]) -> [Int16] {
        var at = 12
        while at + 8 <= wav.count {
            let size = Int(wav[at + 4]) | Int(wav[at + 5]) << 8 | Int(wav[at + 6]) << 16 | Int(wav[at + 7]) << 24
            if wav[at..<at + 4].elementsEqual("data".utf8) {
                let data = wav[(at + 8)..<min(wav.count, at + 8 + size)]
                return stride(from: data.startIndex, to: data.endIndex - 1, by: 2).map {
                    Int16(bitPattern: UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8)
                }
            }
            at += 8 + size + (size & 1)
        }
        return []
    }

    @Test(arguments: [Announcement.Language.zh, .en])
    func aCallRenderedByEspeakIsSpeech(in language: Announcement.Language) throws {
        let renderer = SpeechRenderer(espeakPath: Self.espeak, clipsFolder: nil)
        #expect(renderer.hasEspeak, "espeak-ng is installed by make deps")
        let (seconds, rms) = try Self.measure(try renderer.render(.call(number: "A023", window: 5), in: language))
        // "请 A 零 二 三 号，到 5 号窗口办理" takes about 4.5 s, "Number A 0 2 3, please go to window 5" about 3 s.
        #expect(seconds > 2 && seconds < 10, "\(language): \(seconds) s")
        #expect(rms > 0.02, "\(language): RMS \(rms) is silence")
    }

    @Test func theDaemonServesEachCallsAnnouncementChineseThenEnglish() throws {
        let hall = try InProcessHall()
        let officer = try hall.login("officer1")
        try hall.request("POST", "/api/windows/1/open", token: officer)
        try hall.request("POST", "/api/tickets", json: ["service": "A"])
        #expect(try hall.request("POST", "/api/windows/1/call-next", token: officer).status == 200)
        let seq = try hall.request("GET", "/api/queues").json["lastEventId"] as! Int
        let reply = try hall.request("GET", "/api/announcements/\(seq)")
        #expect(reply.status == 200 && reply.headers["content-type"] == "audio/wav", "\(reply.status) \(reply.text.prefix(200))")
        let (seconds, rms) = try Self.measure([UInt8](reply.body))
        let renderer = SpeechRenderer(espeakPath: Self.espeak, clipsFolder: nil)
        let zh = try Self.measure(try renderer.render(.call(number: "A001", window: 1), in: .zh)).seconds
        let en = try Self.measure(try renderer.render(.call(number: "A001", window: 1), in: .en)).seconds
        #expect(abs(seconds - (zh + 0.6 + en)) < 0.05, "Chinese, a pause, then English: \(seconds) s vs \(zh) + 0.6 + \(en)")
        #expect(rms > 0.02)
        // The renders are kept in nameless files beside the database, not in the daemon's memory.
        let kept = AudioFileTests.openFiles(startingWith: hall.directory.path + "/.hallq-voice-")
        #expect(kept.count >= 1 && kept.allSatisfy { $0.hasSuffix(" (deleted)") }, "\(kept)")
        // Only calls are rendered, and the URL names the call: anything else is not found, and nothing is rendered for it.
        #expect(try hall.request("GET", "/api/announcements/\(seq - 1)").errorCode == "no_announcement")
        #expect(try hall.request("GET", "/api/announcements/999999").status == 404)
        #expect(try hall.request("GET", "/api/announcements/abc").status == 404)
        #expect(try hall.request("GET", "/api/prompts/green-channel").status == 200)
        #expect(try hall.request("GET", "/api/prompts/say-anything").status == 404)
    }

    @Test func recordedClipsTakePrecedenceOverEspeak() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-clips-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let zh = folder.appendingPathComponent("zh")
        try FileManager.default.createDirectory(at: zh, withIntermediateDirectories: true)
        // Every clip "请 A023 号到 12 号窗口办理" needs in Chinese: a tone of its own, a fifth of a second, at the served rate.
        let names = ["please", "A", "0", "2", "3", "number-to", "10", "window"]
        var clips: [String: [Int16]] = [:]
        for (index, name) in names.enumerated() {
            let path = zh.appendingPathComponent("\(name).wav").path
            let made = try runTool(
                "sox", ["-n", "-r", "22050", "-c", "1", "-b", "16", path, "synth", "0.2", "sine", "\(300 + 100 * index)"], mergingErrors: true)
            #expect(made.status == 0, "\(made.output)")
            clips[name] = Self.samples([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        let renderer = SpeechRenderer(espeakPath: Self.espeak, clipsFolder: folder.path)
        let call = Announcement.call(number: "A023", window: 12)
        let gap = [Int16](repeating: 0, count: Int(0.08 * 22050))
        let expected = Array(["please", "A", "0", "2", "3", "number-to", "10", "2", "window"].map { clips[$0]! }.joined(separator: gap))
        #expect(Self.samples(try renderer.render(call, in: .zh)) == expected, "the Chinese half is the clips, in order, 十二 for window 12")
        // English has no clips: espeak-ng says it. The whole call starts with the clips.
        let whole = Self.samples(try renderer.render(call))
        #expect(Array(whole.prefix(expected.count)) == expected)
        #expect(Double(whole.count - expected.count) / 22050 > 2, "then a pause and espeak-ng's English")

        // One clip missing: the Chinese half is espeak-ng's again (a sentence is said whole by clips, or not at all).
        try FileManager.default.removeItem(at: zh.appendingPathComponent("window.wav"))
        Thread.sleep(forTimeInterval: 0.01)
        try FileManager.default.setAttributes([.modificationDate: Date() + 5], ofItemAtPath: zh.path)
        let spoken = Self.samples(try renderer.render(call, in: .zh))
        #expect(spoken != Array(expected.prefix(spoken.count)) && Double(spoken.count) / 22050 > 2, "espeak-ng again without a complete set")

        // Through the daemon: a hall whose [voice] names the folder serves the clips for its calls.
        try FileManager.default.removeItem(at: zh.appendingPathComponent("10.wav"))  // window 1 is read "1" by the digits' clip
        for name in ["1", "window"] {
            _ = try runTool(
                "sox", ["-n", "-r", "22050", "-c", "1", "-b", "16", zh.appendingPathComponent("\(name).wav").path, "synth", "0.2", "sine", "2000"])
        }
        let config = try ConfigCopy { $0.replacingOccurrences(of: "#   clips = \"clips\"", with: "clips = \"\(folder.path)\"") }
        let hall = try InProcessHall(config: config.path)
        let officer = try hall.login("officer1")
        try hall.request("POST", "/api/windows/1/open", token: officer)
        try hall.request("POST", "/api/tickets", json: ["service": "A"])
        try hall.request("POST", "/api/windows/1/call-next", token: officer)
        let seq = try hall.request("GET", "/api/queues").json["lastEventId"] as! Int
        let served = Self.samples([UInt8](try hall.request("GET", "/api/announcements/\(seq)").body))
        let file = { (name: String) in Self.samples([UInt8](try Data(contentsOf: zh.appendingPathComponent("\(name).wav")))) }
        let a001 = Array(try ["please", "A", "0", "0", "1", "number-to", "1", "window"].map(file).joined(separator: gap))
        #expect(Array(served.prefix(a001.count)) == a001, "the daemon says A001 to window 1 with the hall's clips")
    }
}
