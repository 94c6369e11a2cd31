/// Short free text staff type for others to read on screens (why a window pauses, why tickets were cancelled).
public enum StaffText {
    /// Whether `text` is at most `max` characters, counted as code points as the API spec's `maxLength` counts them,
    /// with no control character (a line break, a tab, an escape).
    public static func fits(_ text: String, max: Int) -> Bool {
        text.unicodeScalars.count <= max && !text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
