package io.cirstream.ingest.consume;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the records a rebuild cannot apply. A rebuild re-reads the catalogue topic from its start: the live stream
 * dead-lettered these records when they first arrived, so sending them again would only duplicate dead letters.
 */
public final class LoggedRejections implements RejectionSink {

    private static final Logger LOG = LoggerFactory.getLogger(LoggedRejections.class);

    @Override
    public void accept(List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            LOG.info(
                    "rebuild skips {}-{}@{} (dead-lettered by the live stream): {}",
                    rejection.record().topic(),
                    rejection.record().partition(),
                    rejection.record().offset(),
                    rejection.reason().getMessage());
        }
    }
}
