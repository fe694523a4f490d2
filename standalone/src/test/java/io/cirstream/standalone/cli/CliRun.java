package io.cirstream.standalone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the cirstream command line and what it printed.
 *
 * @param exitCode the command's exit code
 * @param out what it wrote to standard output
 * @param err what it wrote to standard error
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code cirstream args...}. */
    static CliRun of(String... args) {
        CommandLine cli = CirstreamCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Runs {@code cirstream base... extra...}. */
    static CliRun of(String[] base, String... extra) {
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return of(args);
    }
}
