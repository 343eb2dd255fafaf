// Package cli is the command line: one file per command, each with an Options struct, a
// constructor that only parses flags and a run function that calls the pipeline and renders
// the result. Only this package imports cobra; it is the only package that prints or decides
// exit codes (see exit.go). Nothing imports it.
package cli
