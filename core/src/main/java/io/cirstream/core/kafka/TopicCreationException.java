package io.cirstream.core.kafka;

import io.cirstream.core.CirstreamException;

/** Topics could not be created, or their partitions got no leader in time. */
public class TopicCreationException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public TopicCreationException(String message, Throwable cause) {
        super(message, cause);
    }

    public TopicCreationException(String message) {
        super(message);
    }
}
