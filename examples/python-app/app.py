# A tiny program: the Dockerfile next to it is the point of this example.
print("hello from the Layerwise example")
