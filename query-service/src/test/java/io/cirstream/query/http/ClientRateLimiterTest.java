package io.cirstream.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    @Test
    void eachClientGetsABurstOfOneSecondThenTheSustainedRate() {
        AtomicLong now = new AtomicLong();
        ClientRateLimiter limiter = new ClientRateLimiter(4, now::get);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryAcquire("a")).as("request " + i).isTrue();
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b"))
                .as("another client has its own bucket")
                .isTrue();

        now.addAndGet(250_000_000L); // a quarter second: one token at 4/s
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.retryAfterSeconds()).isEqualTo(1);
    }
}
