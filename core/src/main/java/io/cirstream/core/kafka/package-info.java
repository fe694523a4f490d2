/**
 * Provides the creation of cirstream's topics with their descriptors' settings, the dead-letter records every
 * consumer writes, and partition look-ups. (The in-JVM broker of the tests and the standalone mode is in the demo
 * module, {@code io.cirstream.demo.kafka}.)
 */
package io.cirstream.core.kafka;
