// A tiny program: the Dockerfile next to it is the point of this example.
package main

import "fmt"

func main() {
	fmt.Println("hello from the Layerwise example")
}
