print("hallqd")
