package io.cirstream.core.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The README tables of configuration keys, generated from their declarations ({@link ConfigKey}). A README holds a
 * table between {@code <!-- config-table: NAME -->} and {@code <!-- /config-table -->}; {@link #replace} puts the
 * generated one there.
 */
public final class ConfigTable {

    /** What closes a generated table. */
    public static final String END = "<!-- /config-table -->";

    private ConfigTable() {}

    /** What opens the generated table {@code name}. */
    public static String begin(String name) {
        return "<!-- config-table: " + name + " -->";
    }

    /**
     * The Markdown table of these keys, in this order: {@code | key | default | meaning |}, the meaning being the
     * key's description and what its checks require.
     *
     * @throws IllegalArgumentException when a key is listed twice or has no description
     */
    public static String markdown(List<? extends ConfigKey<?>> keys) {
        Set<String> seen = new TreeSet<>();
        StringBuilder table = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigKey<?> key : keys) {
            if (!seen.add(key.name())) {
                throw new IllegalArgumentException(key.name() + " is listed twice");
            }
            if (key.doc().isEmpty()) {
                throw new IllegalArgumentException(key.name() + " has no description (ConfigKey.doc)");
            }
            table.append("| `")
                    .append(key.name())
                    .append("` | ")
                    .append(escape(key.defaultText()))
                    .append(" | ")
                    .append(escape(meaning(key)))
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * The text with the table {@code name} replaced by {@code table}.
     *
     * @throws IllegalArgumentException when the text has no such table, or it is not closed
     */
    public static String replace(String text, String name, String table) {
        String begin = begin(name);
        int start = text.indexOf(begin);
        if (start < 0) {
            throw new IllegalArgumentException("no " + begin + " marker");
        }
        int bodyStart = start + begin.length();
        int end = text.indexOf(END, bodyStart);
        if (end < 0) {
            throw new IllegalArgumentException(begin + " is not closed by " + END);
        }
        return text.substring(0, bodyStart) + "\n" + table + text.substring(end);
    }

    /** The description, and what the value must be when the key checks it. */
    private static String meaning(ConfigKey<?> key) {
        if (key.checks().isEmpty()) {
            return key.doc();
        }
        return key.doc() + " (must be "
                + String.join(
                        " and ",
                        key.checks().stream().map(ConfigKey.Check::description).toList())
                + ")";
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|").replace("\n", " ");
    }
}
