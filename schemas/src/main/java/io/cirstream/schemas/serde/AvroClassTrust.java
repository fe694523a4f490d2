package io.cirstream.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Trusts the generated record package with Avro's class security check, once per JVM. Avro 1.12.2 refuses to
 * instantiate generated classes from a package it does not trust; the serdes call {@link #ensureTrusted()} before they
 * decode anything, so no caller has to set {@code org.apache.avro.SERIALIZABLE_PACKAGES}.
 */
public final class AvroClassTrust {
    /** The package of the generated record classes, with the trailing dot so that only that package matches. */
    public static final String TRUSTED_PACKAGE_PREFIX = "io.cirstream.schemas.avro.";

    private static volatile boolean installed;

    private AvroClassTrust() {}

    /**
     * Adds the generated record package to Avro's global class security predicate, keeping whatever it trusted
     * already (the defaults and the system properties). Idempotent and thread-safe.
     */
    public static void ensureTrusted() {
        if (installed) {
            return;
        }
        synchronized (AvroClassTrust.class) {
            if (!installed) {
                ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, AvroClassTrust::isTrusted));
                installed = true;
            }
        }
    }

    static boolean isTrusted(Class<?> type) {
        return type.getName().startsWith(TRUSTED_PACKAGE_PREFIX);
    }
}
