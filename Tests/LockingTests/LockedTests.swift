import Foundation
import Locking
import Testing

@Suite struct LockedTests {
    @Test func changesFromManyThreadsAreNeverLost() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.read { $0 } == 80_000)
    }

    @Test func aWaiterWakesWhenTheStateIsReady() {
        let box = Locked((ready: false, seen: 0))
        let waiter = Thread { box.withLock(when: { $0.ready }) { $0.seen += 1 } }
        waiter.start()
        usleep(50_000)
        #expect(box.read { $0.seen } == 0, "still waiting")
        box.withLock { $0.ready = true }
        let deadline = Date() + 2
        while !waiter.isFinished && Date() < deadline { usleep(1_000) }
        #expect(box.read { $0.seen } == 1)
    }

    @Test func aWaitGivesUpAtItsDeadline() {
        let box = Locked(false)
        let started = Date()
        let result = box.withLock(when: { $0 }, until: Date() + 0.1) { _ in "ran" }
        #expect(result == nil)
        #expect(Date().timeIntervalSince(started) >= 0.09)
    }
}
