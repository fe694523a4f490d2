package io.cirstream.core.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The integration tier: a test class that starts a Kafka broker, a server (milvus-lite, moto, an HTTP service), a
 * process, or trains and evaluates for longer than a few seconds. {@code bin/test} runs every tier; {@code
 * bin/test-fast} leaves this one out ({@code -DexcludedGroups=on-demand,integration}). Inherited, so a contract's
 * subclasses are in the tier too; {@link TestTiers} fails the build where a test that starts a broker, a server or a
 * process is not.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(Integration.TAG)
public @interface Integration {

    /** The JUnit tag of the tier. */
    String TAG = "integration";
}
