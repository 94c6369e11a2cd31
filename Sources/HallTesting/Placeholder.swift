// HallTesting
