package io.cirstream.standalone.serve;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** A service's configuration file: Java properties ({@code key=value}, {@code #} comments), read as UTF-8. */
public final class PropertiesFile {

    private PropertiesFile() {}

    /**
     * The file's entries.
     *
     * @throws IllegalArgumentException when the file is missing or cannot be read, naming it
     */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("configuration file " + file.toAbsolutePath() + " does not exist");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file.toAbsolutePath() + ": " + e, e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        properties.stringPropertyNames().stream()
                .sorted()
                .forEach(key -> entries.put(key, properties.getProperty(key)));
        return entries;
    }
}
