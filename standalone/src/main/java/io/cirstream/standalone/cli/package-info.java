/** Provides the {@code cirstream} command line: one entry point with a subcommand per job. */
package io.cirstream.standalone.cli;
