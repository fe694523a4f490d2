package io.cirstream.trainer.app;

import io.cirstream.core.config.Settings;
import io.cirstream.trainer.config.TrainerConfig;
import java.util.concurrent.CountDownLatch;

/** {@code main} of the trainer service: configuration from the environment and system properties, then run. */
public final class TrainerApp {

    private TrainerApp() {}

    public static void main(String[] args) throws InterruptedException {
        TrainerConfig config = TrainerConfig.from(Settings.fromSystem());
        TrainerService service = TrainerService.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
