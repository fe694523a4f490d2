package io.cirstream.standalone.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of the benchmarks that measure PyTorch beside Java in the same run ({@code bench embed|train}). */
final class ReferenceOptions {

    @Option(names = "--python", description = "Python for the reference (default: .venv/bin/python, else python3).")
    Path python;

    @Option(names = "--no-reference", description = "Measure Java only.")
    boolean noReference;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path jsonOut;

    /** Whether to measure the PyTorch reference. */
    boolean measureReference() {
        return !noReference;
    }

    /** The reference script {@code tools/SCRIPT} of the repository, run by the chosen Python. */
    PythonReference reference(String script) {
        Path home = PythonReference.home();
        return new PythonReference(
                python != null ? python : PythonReference.defaultPython(home),
                home.resolve("tools").resolve(script));
    }

    /** Writes the figures to {@code --json}, when given. */
    void writeJson(String json) throws IOException {
        if (jsonOut != null) {
            Files.writeString(jsonOut, json);
        }
    }
}
