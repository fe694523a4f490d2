package io.cirstream.ingest.fetch;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an HTTP response body into a byte array, but gives up (cancelling the download) as soon as it passes the
 * limit, so a huge or endless body costs at most {@code maxBytes} of memory.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final String uri;
    private final long maxBytes;
    private final OptionalLong declaredLength;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBodySubscriber(String uri, long maxBytes, OptionalLong declaredLength) {
        this.uri = uri;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
            tooLarge("declares " + declaredLength.getAsLong() + " bytes");
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (body.size() + (long) buffer.remaining() > maxBytes) {
                tooLarge("is longer");
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            body.writeBytes(chunk);
        }
    }

    private void tooLarge(String what) {
        subscription.cancel();
        result.completeExceptionally(new ImageFetchException(
                ImageFetchException.Reason.TOO_LARGE,
                "image at " + uri + " " + what + ", over the limit of " + maxBytes + " bytes"));
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(body.toByteArray());
    }
}
