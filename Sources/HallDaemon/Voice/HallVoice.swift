import Foundation
import HallCore
import HallStore
import Locking
import Logging

/// The boards' voice: renders each committed call and recall to audio on a thread of its own (never on a request's,
/// never under the hall's lock) and keeps the newest renders for the boards to fetch by the call's journal sequence
/// number (`GET /api/announcements/{seq}`). Only the hall's own sentences are rendered: calls, the issue of a
/// green-channel ticket (staff give those; the kiosk says its number) and the kiosk's fixed prompts, so no request
/// can make it say anything else or render at all; a request only reads what is there, or waits a moment for a render
/// already under way. Renders are kept in nameless files (``AudioFile``), not in memory.
public final class HallVoice: Sendable {
    /// What a render is kept under.
    enum Key: Hashable, Sendable {
        /// A journal row: a call, a recall, or a green-channel ticket's issue.
        case event(seq: Int64)
        case prompt(KioskPrompt)
    }

    /// What a request for a render gets.
    enum Outcome: Sendable {
        case audio([UInt8])
        /// Not rendered (no voice, a failure, or not ready in time).
        case unavailable(String)
        /// No such render: not a call, or too old and dropped.
        case unknown
    }

    private struct Entry {
        var announcement: Announcement
        var wav: AudioFile?
        var failure: String?
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Renders still to do, oldest first.
        var jobs: [Key] = []
        /// Calls and tickets in the order they came, oldest first (prompts are kept for good).
        var order: [Key] = []
        var bytes = 0
        var waiters: [Key: [(id: Int, answer: @Sendable (Outcome) -> Void)]] = [:]
        var nextWaiter = 0
        var running = false
        var finished = true
    }

    /// Bytes of audio kept (on disk): about twenty calls (a board asks for a call's audio within a second of it).
    static let cacheBytes = 8 << 20
    /// Renders waiting at most (officers call, nobody else; a burst beyond this drops the oldest).
    static let maxJobs = 32

    let renderer: SpeechRenderer
    let settings: VoiceSettings
    let logger: Logger
    /// Where the renders' files are made.
    let folder: String
    private let state = Locked(State())

    /// Whether the boards get audio from the daemon: the hall wants it, and there is espeak-ng or some clips (looked
    /// at once, when the daemon starts, never under the hall's lock).
    let speaks: Bool

    init(settings: VoiceSettings, renderer: SpeechRenderer, folder: String, logger: Logger) {
        self.settings = settings
        self.folder = folder
        self.renderer = renderer
        self.logger = logger
        speaks = settings.speaker == .daemon && renderer.canSpeak
    }

    /// The render of `key` to `answer`: at once when done (or unknown), else when it is done, or with
    /// ``Outcome/unavailable(_:)`` after `wait` seconds. `answer` runs with no lock held.
    func audio(for key: Key, wait: Double, answer: @escaping @Sendable (Outcome) -> Void) {
        let (now, file, id): (Outcome?, AudioFile?, Int?) = state.withLock { s in
            guard let entry = s.entries[key] else { return (.unknown, nil, nil) }
            if let wav = entry.wav { return (nil, wav, nil) }
            if let failure = entry.failure { return (.unavailable(failure), nil, nil) }
            s.nextWaiter += 1
            s.waiters[key, default: []].append((s.nextWaiter, answer))
            return (nil, nil, s.nextWaiter)
        }
        if let file {
            // Read with no lock held (the file stays open while this holds it, even if the render is dropped meanwhile).
            do { return answer(.audio(try file.read())) } catch { return answer(.unavailable("\(error)")) }
        }
        if let now { return answer(now) }
        DispatchQueue.global().asyncAfter(deadline: .now() + wait) { [self] in
            let late = state.withLock { s -> (@Sendable (Outcome) -> Void)? in
                guard let index = s.waiters[key]?.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters[key]!.remove(at: index).answer
            }
            late?(.unavailable("not rendered yet; try again in a moment"))
        }
    }

    /// Queues renders (under the hall's lock: bookkeeping only).
    private func enqueue(_ items: [(Key, Announcement)]) {
        let dropped: [(@Sendable (Outcome) -> Void)] = state.withLock { s in
            var dropped: [(@Sendable (Outcome) -> Void)] = []
            for (key, announcement) in items where s.entries[key] == nil {
                s.entries[key] = Entry(announcement: announcement)
                s.jobs.append(key)
                if case .prompt = key {} else { s.order.append(key) }
            }
            while s.jobs.count > Self.maxJobs {
                let key = s.jobs.removeFirst()
                s.entries[key]?.failure = "dropped: too many calls at once"
                dropped += (s.waiters.removeValue(forKey: key) ?? []).map(\.answer)
            }
            return dropped
        }
        dropped.forEach { $0(.unavailable("dropped: too many calls at once")) }
    }

    /// The voice's thread: renders one job at a time.
    private func loop() {
        while true {
            let job = state.withLock(when: { !$0.jobs.isEmpty || !$0.running }) { s -> (Key, Announcement)? in
                guard s.running, !s.jobs.isEmpty else { return nil }
                let key = s.jobs.removeFirst()
                return s.entries[key].map { (key, $0.announcement) }
            }
            guard let (key, announcement) = job else {
                if state.read({ !$0.running }) { return }
                continue
            }
            let outcome: Outcome
            var kept: AudioFile?
            do {
                let wav = try renderer.render(announcement)
                kept = try AudioFile(wav, in: folder)
                outcome = .audio(wav)
            } catch {
                logger.warning("voice: cannot render \(key): \(error)")
                outcome = .unavailable("\(error)")
            }
            let told = state.withLock { s -> [(@Sendable (Outcome) -> Void)] in
                guard s.entries[key] != nil else { return [] }
                if let kept {
                    s.entries[key]?.wav = kept
                    s.bytes += kept.count
                } else if case .unavailable(let why) = outcome {
                    s.entries[key]?.failure = why
                }
                evict(&s)
                return (s.waiters.removeValue(forKey: key) ?? []).map(\.answer)
            }
            told.forEach { $0(outcome) }
        }
    }

    /// Drops the oldest finished renders until the cache fits.
    private func evict(_ s: inout State) {
        var index = 0
        while s.bytes > Self.cacheBytes || s.order.count > 4 * Self.maxJobs, index < s.order.count {
            let key = s.order[index]
            guard let entry = s.entries[key], entry.wav != nil || entry.failure != nil else {
                index += 1
                continue
            }
            s.bytes -= entry.wav?.count ?? 0
            s.entries[key] = nil
            s.order.remove(at: index)
        }
    }
}

extension HallVoice: HallObserver {
    public func loaded(_ hall: Hall) {}

    /// Calls and recalls, and green-channel tickets just issued, become renders.
    public func committed(_ events: [JournaledHallEvent], hall: Hall) {
        guard speaks else { return }
        let items = events.compactMap { e -> (Key, Announcement)? in
            guard let event = e.event, let ticket = event.ticket else { return nil }
            switch event.kind {
            case .ticketCalled, .ticketRecalled:
                guard let window = ticket.window else { return nil }
                return (.event(seq: e.journal.seq), .call(number: ticket.number, window: window))
            case .ticketIssued where ticket.priority == .green:
                return (.event(seq: e.journal.seq), .ticketTaken(number: ticket.number))
            default:
                return nil
            }
        }
        if !items.isEmpty { enqueue(items) }
    }
}

extension HallVoice: DaemonPart {
    var partName: String { "voice" }

    /// Starts the render thread, the kiosk's prompts first.
    func start() {
        state.withLock {
            $0.running = true
            $0.finished = false
        }
        if speaks {
            enqueue(KioskPrompt.allCases.map { (.prompt($0), .prompt($0)) })
        } else {
            logger.warning("voice: no espeak-ng at \"\(settings.espeakPath)\" and no clips; boards use their browser's voices and the chime")
        }
        let thread = Thread { [self] in
            loop()
            state.withLock { $0.finished = true }
        }
        thread.name = "hallq-voice"
        thread.start()
    }

    /// Stops after the render in progress (waiting for it until `deadline`).
    func stop(before deadline: Date) -> Bool {
        state.withLock { $0.running = false }
        return state.withLock(when: { $0.finished }, until: deadline) { _ in true } ?? false
    }
}
