// HallDaemon
