/// The daemon's locks, outermost first. A thread may take a lock only while it holds none listed after it, and no
/// lock is held while calling code that may take one listed before it. Callbacks (a stream's close handlers, a
/// renderer, a notifier) run with no lock held that they take themselves.
///
/// 1. ``HallService`` `lock`: the live hall. Held while a change is applied, while the committer publishes a
///    committed batch, and while ratings and alerts are journaled (SQLite writes happen under it there).
/// 2. ``WaitEstimatorService`` `lock`: running means; taken under 1 by the committer and the renderer.
/// 3. ``EventHub`` `lock`: subscribers, counts per address, recent calls. Taken under 1 by `publish`, and by a
///    stream's close handler. The hub never touches a stream while holding it: its own thread wakes the streams
///    after copying the list out.
/// 4. `EventStream` `lock` (HTTPServer): one stream's cursor and own queue. Taken by libmicrohttpd's worker when it
///    writes the stream, by the hub's thread when it wakes it, by the heartbeat timer. libmicrohttpd's
///    suspend/resume (its cleanup mutex) happen under it, which is safe: libmicrohttpd calls no callback while it
///    holds that mutex.
/// 5. `EventLog` `lock` (HTTPServer): the shared ring of messages; taken under 1 (append) and under 4 (read).
/// 6. Leaf locks, each held only to read or update its own fields and never while calling out: `HTTPServer`'s
///    stream registry, `ActivityMonitor`, ``AlertMonitor``, ``OutboxWorker``'s condition, `LoginLimiter`, `Metrics`,
///    `HistoryCache`, the watchdog, `AddressBuckets` (taken under 1 when a ticket is admitted), ``FileClock`` (under 1
///    whenever the hall reads the time), `HallDayKeeper` (never held while it calls the service).
///
/// GRDB's writer is taken under 1 (commits) and never the other way round; no SQLite callback takes a lock of ours.
enum LockOrder {}
