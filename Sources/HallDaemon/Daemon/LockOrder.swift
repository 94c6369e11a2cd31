/// The daemon's locks, outermost first. Each is the lock of one `Locked<State>` (every part keeps its mutable state
/// in one, so the compiler sees that nothing is touched outside it). A thread may take a lock only while it holds none
/// listed after it, and no lock is held while calling code that may take one listed before it. Callbacks (a stream's
/// close handlers, a renderer, a notifier, a pending response's observers) run with no lock held that they take.
///
/// 1. ``HallService`` `live`: the live hall. Held while a change is applied, while the committer publishes a
///    committed batch, and while ratings and alerts are journaled (SQLite writes happen under it there).
/// 2. ``WaitEstimatorService`` `learned`: running means and the latest forecast; taken under 1 by the committer and
///    the renderer.
/// 3. ``EventHub`` `listeners`: subscribers, counts per address, recent calls. Taken under 1 by `publish`, and by a
///    stream's close handler. The hub never touches a stream while holding it: its own thread wakes the streams
///    after copying the list out.
/// 4. `EventStream` `cursor` and `PendingResponse` `waiting` (HTTPServer): one connection's state. Taken by
///    libmicrohttpd's worker, by the hub's thread when it wakes a stream, by the heartbeat timer, by whoever answers.
///    libmicrohttpd's suspend/resume (its cleanup mutex) happen under it, which is safe: libmicrohttpd calls no
///    callback while it holds that mutex, and frees a connection only after the callback that needs this lock.
/// 5. `EventLog` `ring` (HTTPServer): the shared ring of messages; taken under 1 (append) and under 4 (read).
/// 6. Leaf locks, each held only to read or update its own state and never while calling out: `HTTPServer`'s
///    `running`, `ActivityMonitor`, ``AlertMonitor``'s rules day, ``OutboxWorker``'s state, `LoginLimiter`, the
///    metrics' route series, `HistoryCache`, the watchdog, ``BureauShipper``'s state, `AddressBuckets` and the API's
///    issuing window (taken under 1 when a ticket or booking is admitted), ``FileClock`` (under 1 whenever the hall
///    reads the time), `HallDayKeeper`, `AppointmentKeeper`, ``UserDirectory``, the access log, each `Ticker`'s timer,
///    ``HallVoice``'s renders and `TurnReminders`' watch (both taken under 1 when a batch is committed: they note what
///    to do and do it on their own threads), `SpeechRenderer`'s clips.
///
/// GRDB's writer is taken under 1 (commits) and never the other way round; no SQLite callback takes a lock of ours.
enum LockOrder {}
