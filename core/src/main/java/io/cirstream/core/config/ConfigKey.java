package io.cirstream.core.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once: its dotted name, its type, its default (or none), the checks its value must
 * pass and a one-line description. The configuration records read their settings through their keys
 * ({@link #read(Settings)}), list them ({@code keys()}) from these declarations, and the module READMEs' tables are
 * generated from them ({@link ConfigTable}).
 *
 * <p>A key is immutable; {@link #withDefault}, {@link #check}, {@link #doc} and the others return a new one. Its
 * {@link #toString()} is its name, so messages may concatenate it.
 *
 * @param <T> the type of its value
 */
public final class ConfigKey<T> {

    /**
     * How a key's value is parsed from its text and written back (in tables and messages).
     *
     * @param expected what a value must look like, for the error message ({@code an integer})
     * @param parser the text to the value; throws {@link IllegalArgumentException} (or a subclass) on a bad text
     * @param format the value back to its text
     */
    public record Type<T>(String expected, Function<String, T> parser, Function<? super T, String> format) {
        public Type {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(parser, "parser");
            Objects.requireNonNull(format, "format");
        }

        /** This type with its value transformed after parsing (say, lower-cased). */
        public Type<T> normalized(Function<T, T> normalize) {
            return new Type<>(expected, parser.andThen(normalize), format);
        }
    }

    /** Text, trimmed. */
    public static final Type<String> STRING = new Type<>("a string", value -> value, value -> value);

    public static final Type<Integer> INTEGER = new Type<>("an integer", Integer::parseInt, String::valueOf);

    public static final Type<Long> LONG = new Type<>("an integer", Long::parseLong, String::valueOf);

    /** A count of bytes, written as an integer; shown with its binary unit when it has one ({@code 20 MiB}). */
    public static final Type<Long> BYTES = new Type<>("an integer (bytes)", Long::parseLong, ConfigKey::formatBytes);

    /** A finite number. */
    public static final Type<Double> DOUBLE = new Type<>(
            "a number",
            value -> {
                double parsed = Double.parseDouble(value);
                if (!Double.isFinite(parsed)) {
                    throw new NumberFormatException("not finite");
                }
                return parsed;
            },
            value -> BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());

    /** {@code true/yes/on/1} or {@code false/no/off/0}, in any case. */
    public static final Type<Boolean> BOOLEAN = new Type<>(
            "true or false",
            value -> switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("not a boolean");
            },
            String::valueOf);

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5S}); never negative. */
    public static final Type<Duration> DURATION = new Type<>(
            "a duration such as 250ms, 5s, 2m, 1h or PT5S", Settings::parseDuration, ConfigKey::formatDuration);

    public static final Type<Path> PATH = new Type<>("a path", Path::of, Path::toString);

    public static final Type<URI> URI_TYPE = new Type<>("a URI", URI::create, URI::toString);

    /** A comma-separated list; items are trimmed and empty items dropped. */
    public static final Type<List<String>> LIST = new Type<>(
            "a comma-separated list",
            value -> Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList(),
            value -> String.join(",", value));

    /** A value that must never be printed: a password, a token, a secret key. */
    public static final Type<Settings.Secret> SECRET = new Type<>("a secret", Settings.Secret::new, value -> "****");

    /**
     * A condition a value must meet.
     *
     * @param description what the value must be, completing "KEY must be ..." ({@code >= 1})
     * @param test whether a value meets it
     */
    public record Check<T>(String description, Predicate<? super T> test) {
        public Check {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(test, "test");
        }

        /** {@code > 0}. */
        public static <N extends Number> Check<N> positive() {
            return new Check<>("> 0", value -> value.doubleValue() > 0);
        }

        /** {@code >= min}. */
        public static <N extends Number> Check<N> atLeast(long min) {
            return new Check<>(">= " + min, value -> value.longValue() >= min);
        }

        /** {@code min..max}, both included. */
        public static <N extends Number> Check<N> range(long min, long max) {
            return new Check<>(min + ".." + max, value -> value.longValue() >= min && value.longValue() <= max);
        }

        /** A port a server can listen on, {@link Ports}'s range. */
        public static Check<Integer> port() {
            return new Check<>("0.." + Ports.MAX + " (0 = any free port)", value -> value >= 0 && value <= Ports.MAX);
        }

        /** Not blank. */
        public static Check<String> notBlank() {
            return new Check<>("not blank", value -> !value.isBlank());
        }

        /** Matching a regular expression as a whole. */
        public static Check<String> matching(String description, String regex) {
            Pattern pattern = Pattern.compile(regex);
            return new Check<>(description, value -> pattern.matcher(value).matches());
        }

        /** A duration of 0 to {@code max}, both included; {@code description} says so ({@code 0 to 1 min}). */
        public static Check<Duration> durationAtMost(Duration max, String description) {
            return new Check<>(description, value -> !value.isNegative() && value.compareTo(max) <= 0);
        }

        /** A duration above zero. */
        public static Check<Duration> positiveDuration() {
            return new Check<>("positive", Duration::isPositive);
        }

        /** In [0, 1). */
        public static Check<Double> fraction() {
            return new Check<>("in [0, 1)", value -> value >= 0 && value < 1);
        }
    }

    private final String name;
    private final Type<T> type;
    private final Optional<T> defaultValue;
    private final boolean required;
    private final Optional<String> shownDefault;
    private final List<Check<? super T>> checks;
    private final String doc;

    private ConfigKey(
            String name,
            Type<T> type,
            Optional<T> defaultValue,
            boolean required,
            Optional<String> shownDefault,
            List<Check<? super T>> checks,
            String doc) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.shownDefault = shownDefault;
        this.checks = List.copyOf(checks);
        this.doc = doc;
    }

    /**
     * A key without a default: {@link #read} fails when it is not set, {@link #readOptional} is empty.
     *
     * @param name the dotted, kebab-cased name ({@code cirstream.ingest.batch-size})
     */
    public static <T> ConfigKey<T> of(String name, Type<T> type) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+")) {
            throw new IllegalArgumentException("a configuration key is dotted and kebab-cased, got '" + name + "'");
        }
        return new ConfigKey<>(
                name, Objects.requireNonNull(type, "type"), Optional.empty(), false, Optional.empty(), List.of(), "");
    }

    /** This key with a default, used when it is not set. */
    public ConfigKey<T> withDefault(T value) {
        Objects.requireNonNull(value, "value");
        return new ConfigKey<>(name, type, Optional.of(value), false, shownDefault, checks, doc);
    }

    /** This key marked required: it has no default and its table row says so. */
    public ConfigKey<T> required() {
        return new ConfigKey<>(name, type, Optional.empty(), true, shownDefault, checks, doc);
    }

    /** This key with another check its value must pass. */
    public ConfigKey<T> check(Check<? super T> check) {
        List<Check<? super T>> more = new ArrayList<>(checks);
        more.add(Objects.requireNonNull(check, "check"));
        return new ConfigKey<>(name, type, defaultValue, required, shownDefault, more, doc);
    }

    /** This key with its one-line description (the meaning column of the README tables). */
    public ConfigKey<T> doc(String text) {
        return new ConfigKey<>(name, type, defaultValue, required, shownDefault, checks, text.strip());
    }

    /**
     * This key with the default column of its table row written out, for a key whose absence means something that
     * is not a value ({@code AWS S3 in the region}, {@code (required for milvus)}).
     */
    public ConfigKey<T> shownDefault(String text) {
        return new ConfigKey<>(name, type, defaultValue, required, Optional.of(text), checks, doc);
    }

    public String name() {
        return name;
    }

    public Type<T> type() {
        return type;
    }

    public Optional<T> defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public String doc() {
        return doc;
    }

    /** The checks its value must pass, in order. */
    public List<Check<? super T>> checks() {
        return checks;
    }

    /** The environment-variable name ({@code CIRSTREAM_INGEST_BATCH_SIZE}). */
    public String environmentName() {
        return Settings.environmentName(name);
    }

    /**
     * The value set in {@code settings}, parsed and checked, else the default.
     *
     * @throws IllegalArgumentException naming this key: when it is not set and has no default, when its value does
     *     not parse, or when a check fails
     */
    public T read(Settings settings) {
        return readOptional(settings)
                .orElseThrow(() -> new IllegalArgumentException(
                        name + " must be set (property " + name + " or environment " + environmentName() + ")"));
    }

    /** The value set in {@code settings}, parsed and checked, else the default, else empty. */
    public Optional<T> readOptional(Settings settings) {
        Optional<String> raw = settings.optionalString(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        T value;
        try {
            value = type.parser().apply(raw.get());
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be " + type.expected() + ", got '" + raw.get() + "'", e);
        }
        return Optional.of(check(value));
    }

    /**
     * The value, if it passes this key's checks: what a record's constructor calls on a value given in code.
     *
     * @throws IllegalArgumentException naming this key, what it must be and the value
     */
    public T check(T value) {
        Objects.requireNonNull(value, name);
        for (Check<? super T> check : checks) {
            if (!check.test().test(value)) {
                throw new IllegalArgumentException(name + " must be " + check.description() + ", got " + shown(value));
            }
        }
        return value;
    }

    /** The default column of this key's table row. */
    public String defaultText() {
        if (shownDefault.isPresent()) {
            return shownDefault.get();
        }
        if (defaultValue.isPresent()) {
            String text = type.format().apply(defaultValue.get());
            return text.isEmpty() ? "(empty)" : "`" + text + "`";
        }
        return required ? "(required)" : "(none)";
    }

    private String shown(T value) {
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        String text = type.format().apply(value);
        return value instanceof String || value instanceof Path || value instanceof URI ? "'" + text + "'" : text;
    }

    static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (!Duration.ofMillis(millis).equals(duration)) {
            return duration.toString();
        }
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }

    static String formatBytes(long bytes) {
        String[] names = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < shifts.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes > 0 && bytes % unit == 0) {
                return bytes + " (" + bytes / unit + " " + names[i] + ")";
            }
        }
        return String.valueOf(bytes);
    }

    /** The key's name. */
    @Override
    public String toString() {
        return name;
    }
}
