import Foundation
import HallCore
import Locking

/// Renders announcements to audio, offline: for each language, from the hall's recorded clips when they say the
/// whole sentence, else with espeak-ng (Mandarin, then English). Chinese comes first, then a pause, then English.
public final class SpeechRenderer: Sendable {
    /// espeak-ng's voices: `cmn-latn-pinyin` is Mandarin that reads what it converts to pinyin as Mandarin (Debian's
    /// plain `cmn` reads those syllables with English rules: "请" comes out as "qing three").
    static let espeakVoices: [Announcement.Language: String] = [.zh: "cmn-latn-pinyin", .en: "en"]
    /// Words a minute: a little slower than espeak-ng's 175, for a hall.
    static let espeakSpeed = 150
    /// Pause between the pieces said from clips, and between the two languages.
    static let clipGap = 0.08
    static let languageGap = 0.6
    static let timeoutSeconds = 10.0

    /// Why an announcement could not be rendered.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The espeak-ng program ("" or missing: none).
    let espeakPath: String
    /// The folder of recorded clips (`zh/*.wav`, `en/*.wav`), if any.
    let clipsFolder: String?
    /// Clips read from the folder, per language, with the folder's modification time when read.
    private let clips = Locked<[Announcement.Language: (modified: Date?, clips: [String: PCMAudio])]>([:])

    public init(espeakPath: String, clipsFolder: String?) {
        self.espeakPath = espeakPath
        self.clipsFolder = clipsFolder
    }

    /// Whether espeak-ng can be run.
    public var hasEspeak: Bool { !espeakPath.isEmpty && FileManager.default.isExecutableFile(atPath: espeakPath) }

    /// Whether this renderer can say anything at all (espeak-ng, or some clips).
    public var canSpeak: Bool { hasEspeak || Announcement.Language.allCases.contains { !library($0).isEmpty } }

    /// The whole announcement as a WAV file: Chinese, a pause, English (a language neither clips nor espeak-ng can say
    /// is left out; nothing at all is a failure).
    public func render(_ announcement: Announcement) throws -> [UInt8] {
        var parts: [PCMAudio] = []
        var why: [String] = []
        for language in Announcement.Language.allCases {
            do { parts.append(try audio(announcement, in: language)) } catch { why.append("\(error)") }
        }
        guard !parts.isEmpty else { throw Failure(description: why.joined(separator: "; ")) }
        return PCMAudio.joined(parts, gap: Self.languageGap).wav
    }

    /// One language of the announcement as a WAV file.
    public func render(_ announcement: Announcement, in language: Announcement.Language) throws -> [UInt8] {
        try audio(announcement, in: language).resampled(to: PCMAudio.servedRate).wav
    }

    /// Clips when they say the whole sentence, else espeak-ng.
    func audio(_ announcement: Announcement, in language: Announcement.Language) throws -> PCMAudio {
        let library = library(language)
        if let names = announcement.clips(language, available: Set(library.keys)) {
            return PCMAudio.joined(names.map { library[$0]! }, gap: Self.clipGap)
        }
        guard hasEspeak else { throw Failure(description: "no espeak-ng at \"\(espeakPath)\" and no complete set of \(language.rawValue) clips") }
        let wav = try Self.run(
            espeakPath,
            ["-b", "1", "-m", "-v", Self.espeakVoices[language]!, "-s", String(Self.espeakSpeed), "--stdout", announcement.ssml(language)])
        return try PCMAudio(wav: wav)
    }

    /// The clips of `language` (read again when the folder changed: a hall may drop clips in while running).
    func library(_ language: Announcement.Language) -> [String: PCMAudio] {
        guard let clipsFolder else { return [:] }
        let folder = (clipsFolder as NSString).appendingPathComponent(language.rawValue)
        let modified = (try? FileManager.default.attributesOfItem(atPath: folder))?[.modificationDate] as? Date
        if let known = clips.read({ $0[language] }), known.modified == modified { return known.clips }
        var read: [String: PCMAudio] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".wav") {
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name)),
                let audio = try? PCMAudio(wav: [UInt8](data))
            else { continue }
            read[String(name.dropLast(4))] = audio
        }
        clips.withLock { $0[language] = (modified, read) }
        return read
    }

    /// Runs `program` and returns its standard output; throws when it fails or outlives ``timeoutSeconds``.
    static func run(_ program: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let deadline = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: deadline)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        deadline.cancel()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw Failure(description: "\(program) ended with status \(process.terminationStatus)")
        }
        return [UInt8](data)
    }
}
