package io.cirstream.query.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * What happens to a request body the API refuses before reading it (too large, rate limited). If the server answered
 * and closed the connection with the body still arriving, the client's TCP stack would get a reset and could lose the
 * answer it was sent: the client sees "connection reset" instead of a clear 413. So a refused body is read and thrown
 * away first, up to {@link #DISCARD_LIMIT} bytes, and the answer says {@code Connection: close}. A client that asked
 * {@code Expect: 100-continue} has not sent its body yet and will not (reading it would invite it), and a body beyond
 * the limit is not worth the bandwidth: both are answered at once.
 */
final class UnreadBodies {

    /** The most bytes of a refused body read and thrown away so that its answer arrives cleanly. */
    static final long DISCARD_LIMIT = 32L << 20;

    private UnreadBodies() {}

    /** Reads and discards the request's body where that lets its answer arrive; marks the connection to close. */
    static void discard(Context ctx) {
        ctx.header("Connection", "close");
        String expect = ctx.header("Expect");
        long length = ctx.contentLength();
        if (expect != null && expect.equalsIgnoreCase("100-continue") || length > DISCARD_LIMIT) {
            return;
        }
        byte[] sink = new byte[64 << 10];
        long read = 0;
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n; read <= DISCARD_LIMIT && (n = in.read(sink)) >= 0; ) {
                read += n;
            }
        } catch (IOException e) {
            // the client went away or the stream broke: there is nothing more to drain; the answer is still written
        }
    }
}
