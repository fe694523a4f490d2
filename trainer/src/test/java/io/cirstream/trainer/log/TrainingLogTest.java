package io.cirstream.trainer.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.schemas.avro.TripletSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {

    @TempDir
    Path dir;

    static Triplet triplet(String id, String caption) {
        return new Triplet(id, "ref-" + id, caption, "target-" + id, TripletSource.CLICK, Instant.ofEpochMilli(1_000));
    }

    static LogEntry put(String id, String caption) {
        return new LogEntry.Put(triplet(id, caption));
    }

    @Test
    void appendedTripletsAndPositionsSurviveAReopen() {
        try (TrainingLog log = TrainingLog.open(dir)) {
            AppendResult result = log.append(List.of(put("t1", "is red"), put("t2", "is blue")), Map.of(0, 2L));
            assertThat(result).isEqualTo(new AppendResult(2, 0, 0, 0));
            log.append(List.of(put("t3", "is green")), Map.of(1, 7L));
        }
        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets())
                    .containsExactly(triplet("t1", "is red"), triplet("t2", "is blue"), triplet("t3", "is green"));
            assertThat(log.positions()).isEqualTo(Map.of(0, 2L, 1, 7L));
            assertThat(log.sequence()).isEqualTo(3);
        }
    }

    @Test
    void aResentTripletReplacesItselfAndAnIdenticalRedeliveryChangesNothing() {
        try (TrainingLog log = TrainingLog.open(dir)) {
            log.append(List.of(put("t1", "is red")), Map.of(0, 1L));
            AppendResult result = log.append(List.of(put("t1", "is red"), put("t1", "is dark red")), Map.of(0, 3L));
            assertThat(result).isEqualTo(new AppendResult(0, 1, 1, 0));
            assertThat(log.triplets()).containsExactly(triplet("t1", "is dark red"));
            assertThat(log.sequence()).isEqualTo(2);
        }
        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets()).containsExactly(triplet("t1", "is dark red"));
        }
    }

    @Test
    void aTombstoneRemovesTheTripletAndAnUnknownOneIsIgnored() {
        try (TrainingLog log = TrainingLog.open(dir)) {
            log.append(List.of(put("t1", "is red"), put("t2", "is blue")), Map.of(0, 2L));
            AppendResult result =
                    log.append(List.of(new LogEntry.Remove("t1"), new LogEntry.Remove("nope")), Map.of(0, 4L));
            assertThat(result).isEqualTo(new AppendResult(0, 0, 0, 1));
        }
        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets()).containsExactly(triplet("t2", "is blue"));
            assertThat(log.positions()).isEqualTo(Map.of(0, 4L));
        }
    }

    @Test
    void aBatchTornByACrashIsCutOffAndItsPositionsAreNotAdvanced() throws IOException {
        try (TrainingLog log = TrainingLog.open(dir)) {
            log.append(List.of(put("t1", "is red")), Map.of(0, 1L));
        }
        Path file = dir.resolve(TrainingLog.FILE_NAME);
        long committed = Files.size(file);
        byte[] unfinished = LogRecords.put(triplet("t2", "is blue"));
        byte[] tornCheckpoint = LogRecords.checkpoint(2, Map.of(0, 2L));
        Files.write(file, unfinished, StandardOpenOption.APPEND);
        Files.write(
                file, java.util.Arrays.copyOf(tornCheckpoint, tornCheckpoint.length - 3), StandardOpenOption.APPEND);

        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets()).containsExactly(triplet("t1", "is red"));
            assertThat(log.positions()).isEqualTo(Map.of(0, 1L));
            assertThat(Files.size(file)).isEqualTo(committed);
            log.append(List.of(put("t2", "is blue")), Map.of(0, 2L));
        }
        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets()).containsExactly(triplet("t1", "is red"), triplet("t2", "is blue"));
        }
    }

    @Test
    void aCorruptFrameEndsTheReplayAtTheLastGoodCheckpoint() throws IOException {
        try (TrainingLog log = TrainingLog.open(dir)) {
            log.append(List.of(put("t1", "is red")), Map.of(0, 1L));
            log.append(List.of(put("t2", "is blue")), Map.of(0, 2L));
        }
        Path file = dir.resolve(TrainingLog.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x40; // flips a bit in the last checkpoint
        Files.write(file, bytes);

        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets()).containsExactly(triplet("t1", "is red"));
            assertThat(log.positions()).isEqualTo(Map.of(0, 1L));
        }
    }

    @Test
    void supersededRecordsAreCompactedAwayAndTheStateIsKept() throws IOException {
        try (TrainingLog log = TrainingLog.open(dir, 50)) {
            for (int round = 0; round < 30; round++) {
                List<LogEntry> batch = new ArrayList<>();
                batch.add(put("a", "caption " + round));
                batch.add(put("b", "caption " + round));
                log.append(batch, Map.of(0, 2L * (round + 1)));
            }
            assertThat(log.size()).isEqualTo(2);
            assertThat(log.sequence()).isEqualTo(60);
        }
        Path file = dir.resolve(TrainingLog.FILE_NAME);
        assertThat(Files.size(file)).isLessThan(30L * 2 * LogRecords.put(triplet("a", "caption 0")).length);
        try (TrainingLog log = TrainingLog.open(dir)) {
            assertThat(log.triplets()).containsExactly(triplet("a", "caption 29"), triplet("b", "caption 29"));
            assertThat(log.positions()).isEqualTo(Map.of(0, 60L));
            assertThat(log.sequence()).isEqualTo(60);
        }
    }

    @Test
    void aFileThatIsNoTrainingLogIsRefused() throws IOException {
        Files.writeString(dir.resolve(TrainingLog.FILE_NAME), "hello, I am a text file");
        assertThatThrownBy(() -> TrainingLog.open(dir))
                .isInstanceOf(TrainingLogException.class)
                .hasMessageContaining("is not a cirstream training log");
    }
}
