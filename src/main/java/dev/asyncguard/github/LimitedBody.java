package dev.asyncguard.github;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A response body collected up to {@code limit} bytes; one byte more marks it truncated and stops reading. */
final class LimitedBody implements HttpResponse.BodySubscriber<LimitedBody.Result> {
    record Result(byte[] bytes, boolean truncated) {}

    private final long limit;
    private java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private volatile java.util.concurrent.Flow.Subscription subscription;

    LimitedBody(long limit) {
        this.limit = limit;
    }

    /**
     * This body for an answer whose headers announce {@code Content-Length}: its buffer starts at that size
     * (at most the limit plus one and 8 MiB), instead of doubling its way up from 32 bytes.
     */
    LimitedBody sizedFor(java.net.http.HttpHeaders headers) {
        long length;
        try {
            length = headers.firstValueAsLong("content-length").orElse(-1);
        } catch (NumberFormatException e) {
            return this;    // not a length: the buffer grows as the body comes
        }
        if (length > 0) out = new java.io.ByteArrayOutputStream((int) Math.min(Math.min(length, limit + 1), 8L << 20));
        return this;
    }

    @Override
    public CompletionStage<Result> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> items) {
        for (java.nio.ByteBuffer buffer : items) {
            long room = limit - out.size();
            if (buffer.remaining() > room) {
                write(buffer, (int) Math.max(0, room));
                subscription.cancel();
                result.complete(new Result(out.toByteArray(), true));
                return;
            }
            write(buffer, buffer.remaining());
        }
        subscription.request(1);
    }

    /** {@code n} bytes of the buffer into ours: from its array when it has one, without a copy of each chunk. */
    private void write(java.nio.ByteBuffer buffer, int n) {
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.position() + n);
        } else {
            byte[] chunk = new byte[n];
            buffer.get(chunk);
            out.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new Result(out.toByteArray(), false));
    }

    /** Stops reading: the connection is closed rather than drained. */
    void abandon() {
        var s = subscription;
        if (s != null) s.cancel();
        result.cancel(true);
    }
}
