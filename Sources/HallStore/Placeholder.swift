// HallStore
