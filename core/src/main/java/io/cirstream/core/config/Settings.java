package io.cirstream.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed, read-only view of key/value settings, the one place where services read their configuration. Keys are
 * dotted and kebab-cased ({@code cirstream.ingest.batch-size}); each key is also looked up under its environment
 * name ({@code CIRSTREAM_INGEST_BATCH_SIZE}: upper case, {@code .} and {@code -} as {@code _}), the dotted form
 * winning when both are present. Blank values count as absent. A value that does not parse throws
 * {@link IllegalArgumentException} naming the key, the value and what was expected.
 */
public final class Settings {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private static final Consumer<String> NO_LISTENER = key -> {};

    private final Map<String, String> values;
    private final Consumer<String> readListener;

    private Settings(Map<String, String> values, Consumer<String> readListener) {
        this.values = Map.copyOf(values);
        this.readListener = readListener;
    }

    private Settings(Map<String, String> values) {
        this(values, NO_LISTENER);
    }

    /** Settings from exactly these entries. */
    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /** The process's settings: the environment, overridden by system properties. */
    public static Settings fromSystem() {
        Map<String, String> merged = new HashMap<>(System.getenv());
        System.getProperties().forEach((key, value) -> merged.put(key.toString(), value.toString()));
        return new Settings(merged);
    }

    /** These settings with some entries replaced or added. */
    public Settings withOverrides(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged, readListener);
    }

    /**
     * These settings, telling {@code listener} the dotted key of every lookup (whether set or not): how tests find
     * every key a configuration record reads.
     */
    public Settings withReadListener(Consumer<String> listener) {
        return new Settings(values, Objects.requireNonNull(listener, "listener"));
    }

    /** The environment-variable name of a dotted key. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The raw value of a key, if set and not blank. */
    public Optional<String> optionalString(String key) {
        readListener.accept(key);
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            value = values.get(environmentName(key));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String key, String fallback) {
        return optionalString(key).orElse(fallback);
    }

    /** The value of a key that has no default. */
    public String requiredString(String key) {
        return optionalString(key)
                .orElseThrow(() -> new IllegalArgumentException(
                        key + " must be set (property " + key + " or environment " + environmentName(key) + ")"));
    }

    public int integer(String key, int fallback) {
        return parsed(key, fallback, "an integer", Integer::parseInt);
    }

    public long longValue(String key, long fallback) {
        return parsed(key, fallback, "an integer", Long::parseLong);
    }

    public double doubleValue(String key, double fallback) {
        return parsed(key, fallback, "a number", value -> {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException("not finite");
            }
            return parsed;
        });
    }

    public boolean bool(String key, boolean fallback) {
        return parsed(key, fallback, "true or false", value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        });
    }

    /** A duration written {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5S}). */
    public Duration duration(String key, Duration fallback) {
        return parsed(key, fallback, "a duration such as 250ms, 5s, 2m, 1h or PT5S", Settings::parseDuration);
    }

    public Path path(String key, Path fallback) {
        return parsed(key, fallback, "a path", Path::of);
    }

    /** A comma-separated list; items are trimmed and empty items dropped. */
    public List<String> list(String key, List<String> fallback) {
        return optionalString(key)
                .map(value -> Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(item -> !item.isEmpty())
                        .toList())
                .orElse(List.copyOf(fallback));
    }

    /** A value that must never be logged: a password, a token, a secret key. */
    public Optional<Secret> secret(String key) {
        return optionalString(key).map(Secret::new);
    }

    static Duration parseDuration(String value) {
        Matcher shortForm = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return parsed;
    }

    private <T> T parsed(String key, T fallback, String expected, Function<String, T> parser) {
        Optional<String> value = optionalString(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(value.get());
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be " + expected + ", got '" + value.get() + "'", e);
        }
    }

    /** Shows the entry count only: values may hold secrets. */
    @Override
    public String toString() {
        return "Settings[" + values.size() + " entries]";
    }

    /**
     * A secret value. Its {@link #toString()} never shows it; call {@link #reveal()} where it is used.
     *
     * @param value the secret
     */
    public record Secret(String value) {
        public Secret {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a secret must not be empty");
            }
        }

        /** The secret itself, for the one call that needs it. */
        public String reveal() {
            return value;
        }

        @Override
        public String toString() {
            return "****";
        }
    }
}
