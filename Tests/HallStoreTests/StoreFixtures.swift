import Foundation
import HallCore
import HallStore

/// A temporary directory removed when the value is dropped by the test.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "hallq-store-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func storeTestConfig() -> HallConfig {
    HallConfig(
        name: LocalizedName(zh: "测试厅", en: "Test hall"), timeZoneIdentifier: "Asia/Shanghai", hours: OpeningHours(days: [:]),
        services: [
            Service(code: "A", name: LocalizedName(zh: "综合", en: "General"), typicalMinutes: 8),
            Service(code: "B", name: LocalizedName(zh: "发票", en: "Invoices"), typicalMinutes: 4),
        ],
        windows: [
            WindowConfig(number: 1, name: LocalizedName(zh: "1号", en: "1"), services: ["A", "B"]),
            WindowConfig(number: 2, name: LocalizedName(zh: "2号", en: "2"), services: ["B"]),
        ])
}

/// 2026-11-24 09:00 Beijing plus `minutes`.
func morning(_ minutes: Double = 0) -> Date { Date(timeIntervalSince1970: 1_795_482_000 + minutes * 60) }
