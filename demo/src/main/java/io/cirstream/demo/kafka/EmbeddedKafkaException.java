package io.cirstream.demo.kafka;

import io.cirstream.core.CirstreamException;

/** The embedded broker could not be started, stopped, or asked to create topics. */
public class EmbeddedKafkaException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
