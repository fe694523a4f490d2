package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.CirstreamException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Python reference script (tools/*.py) as a child process, streams its stderr to ours, and parses the JSON
 * object it prints as its last line of stdout.
 */
final class PythonReference {

    private final Path python;
    private final Path script;

    PythonReference(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** The project's venv (made by tools/setup-python.sh) when present, else python3 on the PATH. */
    static Path defaultPython(Path home) {
        Path venv = home.resolve(".venv/bin/python");
        return Files.isExecutable(venv) ? venv : Path.of("python3");
    }

    /** The repository root: -Dcirstream.home (set by bin/cirstream), else the working directory. */
    static Path home() {
        return Path.of(System.getProperty("cirstream.home", "."))
                .toAbsolutePath()
                .normalize();
    }

    JsonNode run(List<String> arguments) {
        if (!Files.isRegularFile(script)) {
            throw new CirstreamException("reference script " + script + " does not exist");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String last = null;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        last = line;
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || last == null) {
                throw new CirstreamException("reference " + String.join(" ", command) + " exited with " + exit
                        + (last == null ? " and printed nothing" : "; last line: " + last)
                        + " (set up Python with tools/setup-python.sh)");
            }
            return new ObjectMapper().readTree(last);
        } catch (IOException e) {
            throw new CirstreamException("cannot run " + python + " " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CirstreamException("interrupted while running " + script, e);
        }
    }
}
