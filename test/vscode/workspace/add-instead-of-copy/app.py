print("hello from the example app")
